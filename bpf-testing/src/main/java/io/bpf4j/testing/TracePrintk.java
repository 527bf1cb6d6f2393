package io.bpf4j.testing;

import io.bpf4j.object.kernel.Errno;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bpf_trace_printk} as {@code kernel/trace/bpf_trace.c} and {@code bpf_bprintf_prepare} in
 * {@code kernel/bpf/helpers.c} do it. The format is checked first: only printable ASCII and white
 * space, at most 3 conversions, each {@code %[0+- ]*[1-9][0-9]*} (flags and width, no precision)
 * followed by {@code d i u x X} with an optional {@code l} or {@code ll}, or {@code c}, {@code p},
 * {@code s}; anything else is {@code -EINVAL} and prints nothing. {@code %d} of a 64-bit argument
 * prints its low 32 bits as a signed int, {@code %u} and {@code %x} as unsigned; {@code %ld},
 * {@code %lld} and friends print all 64 bits. The line is what the kernel writes into its 1024-byte
 * buffer; the return value is the formatted length, as {@code bstr_printf} returns it.
 */
final class TracePrintk {
  /** {@code MAX_TRACE_PRINTK_VARARGS}. */
  static final int MAX_ARGS = 3;

  /** {@code MAX_BPRINTF_BUF}: the trace line is cut to one byte less. */
  static final int BUFFER = 1024;

  /** The outcome: a negative errno and no line, or the length and the line. */
  record Result(int returnValue, String line) {}

  private record Spec(
      int start,
      int end,
      boolean left,
      boolean zero,
      boolean plus,
      boolean space,
      int width,
      boolean wide,
      char conversion) {}

  private TracePrintk() {}

  static Result format(String fmt, long[] args) {
    byte[] bytes = fmt.getBytes(StandardCharsets.UTF_8);
    int n = 0;
    while (n < bytes.length && bytes[n] != 0) {
      n++; // the kernel's format ends at the first NUL
    }
    List<Spec> specs = parse(bytes, n);
    if (specs == null) {
      return new Result(-Errno.EINVAL, null);
    }
    if (specs.size() > args.length) {
      throw new SimulationException(
          "printk format \""
              + fmt.strip()
              + "\" has "
              + specs.size()
              + " conversions but the call passes "
              + args.length
              + " arguments; the kernel would print whatever the unused argument registers hold");
    }
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (int i = 0; i < specs.size(); i++) {
      Spec s = specs.get(i);
      literal(bytes, at, s.start(), out);
      out.append(render(s, args[i]));
      at = s.end();
    }
    literal(bytes, at, n, out);
    String text = out.toString();
    int nul = text.indexOf('\0');
    String line = text.substring(0, Math.min(nul < 0 ? text.length() : nul, BUFFER - 1));
    if (line.endsWith("\n")) {
      line = line.substring(0, line.length() - 1);
    }
    return new Result(text.length(), line);
  }

  /** Copies literal text, with {@code %%} as one {@code %}. */
  private static void literal(byte[] bytes, int from, int to, StringBuilder out) {
    for (int i = from; i < to; i++) {
      out.append((char) bytes[i]);
      if (bytes[i] == '%') {
        i++;
      }
    }
  }

  /** The conversions, or null when the kernel refuses the format. */
  private static List<Spec> parse(byte[] b, int n) {
    List<Spec> specs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = b[i] & 0xff;
      if (c >= 0x80 || !(isPrint(c) || isSpace(c))) {
        return null;
      }
      if (c != '%') {
        continue;
      }
      if (at(b, n, i + 1) == '%') {
        i++;
        continue;
      }
      if (specs.size() >= MAX_ARGS) {
        return null;
      }
      int start = i++;
      boolean left = false;
      boolean zero = false;
      boolean plus = false;
      boolean space = false;
      for (char f = at(b, n, i); f == '0' || f == '+' || f == '-' || f == ' '; f = at(b, n, ++i)) {
        left |= f == '-';
        zero |= f == '0';
        plus |= f == '+';
        space |= f == ' ';
      }
      int width = -1;
      if (at(b, n, i) >= '1' && at(b, n, i) <= '9') {
        width = 0;
        while (at(b, n, i) >= '0' && at(b, n, i) <= '9') {
          width = Math.min(width * 10 + at(b, n, i++) - '0', 1 << 16);
        }
      }
      char conv = at(b, n, i);
      boolean wide = false;
      if (conv == 'p') {
        char next = at(b, n, i + 1);
        if (next == 'x') {
          i++;
        } else if (!knownPointerFormat(next, at(b, n, i + 2))) {
          return null;
        } else {
          // %p (hashed), %pK, %ps, %pS, %pB, %pks, %pus, %pI4...: kernel memory or symbols.
          throw unsupported(isConversionEnd(next) ? "%p" : "%p" + next);
        }
      } else if (conv == 's') {
        throw unsupported("%s");
      } else if (conv != 'c') {
        if (conv == 'l') {
          wide = true;
          conv = at(b, n, ++i);
          if (conv == 'l') {
            conv = at(b, n, ++i);
          }
        }
        if ("iduxX".indexOf(conv) < 0 || conv == 0) {
          return null;
        }
      }
      specs.add(new Spec(start, i + 1, left, zero && !left, plus, space, width, wide, conv));
    }
    return specs;
  }

  private static SimulationException unsupported(String conversion) {
    return new SimulationException(
        "printk conversion "
            + conversion
            + " prints kernel memory or a hashed pointer, which the simulator cannot reproduce;"
            + " print numbers with %d, %u, %x (l or ll for 64 bits), or %px");
  }

  /** The pointer conversions {@code bpf_bprintf_prepare} accepts besides {@code %px}. */
  private static boolean knownPointerFormat(char next, char after) {
    return isConversionEnd(next)
        || "KsSB".indexOf(next) >= 0
        || ((next == 'k' || next == 'u') && after == 's')
        || ((next == 'i' || next == 'I') && (after == '4' || after == '6'));
  }

  private static boolean isConversionEnd(char c) {
    return c == 0 || isSpace(c) || (c < 0x80 && isPunct(c));
  }

  private static char at(byte[] b, int n, int i) {
    return i < n ? (char) (b[i] & 0xff) : 0;
  }

  private static boolean isPrint(int c) {
    return c >= 0x20 && c <= 0x7e;
  }

  private static boolean isSpace(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  private static boolean isPunct(int c) {
    return isPrint(c) && c != ' ' && !Character.isLetterOrDigit(c);
  }

  private static String render(Spec s, long arg) {
    String sign = "";
    String digits;
    switch (s.conversion()) {
      case 'c' -> {
        return pad(s, "", String.valueOf((char) (arg & 0xff)), false);
      }
      case 'p' -> {
        // %px: the raw value in hex, 16 digits unless a width is given.
        if (s.width() < 0) {
          return String.format(Locale.ROOT, "%016x", arg);
        }
        return pad(s, "", Long.toHexString(arg), s.zero());
      }
      case 'd', 'i' -> {
        long v = s.wide() ? arg : (int) arg;
        if (v < 0) {
          sign = "-";
        } else if (s.plus()) {
          sign = "+";
        } else if (s.space()) {
          sign = " ";
        }
        digits = v < 0 ? Long.toUnsignedString(-v) : Long.toString(v);
      }
      case 'u' -> digits = Long.toUnsignedString(s.wide() ? arg : arg & 0xffffffffL);
      case 'x' -> digits = Long.toHexString(s.wide() ? arg : arg & 0xffffffffL);
      default -> digits = Long.toHexString(s.wide() ? arg : arg & 0xffffffffL).toUpperCase();
    }
    return pad(s, sign, digits, s.zero());
  }

  /** Pads to the field width: spaces left (or right with '-'), zeros between sign and digits. */
  private static String pad(Spec s, String sign, String body, boolean zero) {
    int fill = Math.max(0, s.width() - sign.length() - body.length());
    if (s.left()) {
      return sign + body + " ".repeat(fill);
    }
    if (zero) {
      return sign + "0".repeat(fill) + body;
    }
    return " ".repeat(fill) + sign + body;
  }
}
