package io.bpf4j.processor.fuzz;

import io.bpf4j.processor.fuzz.MethodContext.Arr;
import io.bpf4j.processor.fuzz.MethodContext.Helper;
import java.util.ArrayList;
import java.util.List;

/**
 * Random int, long and boolean expressions over what is in scope: literals, constants, variables,
 * context fields and packet reads, helpers, struct fields, array elements, calls, casts, ternaries
 * and every integer operator.
 *
 * <p>Two kinds of constant are avoided because javac or the processor would make the code after
 * them dead, hiding whatever is injected there: conditions that are compile-time constants, even in
 * part ({@code x && 1 > 2}), and divisors or array indexes that always fail.
 */
final class Expressions {
  private static final String[] SKB_FIELDS = {
    "len",
    "pktType",
    "mark",
    "queueMapping",
    "protocol",
    "vlanPresent",
    "vlanTci",
    "vlanProto",
    "priority",
    "ingressIfindex",
    "ifindex",
    "tcIndex",
    "hash"
  };
  private static final String[] XDP_FIELDS = {"ingressIfindex", "rxQueueIndex", "length"};
  private static final String[] INT_OPS = {
    "+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", ">>>"
  };
  private static final String[] COMPARISONS = {"<", "<=", ">", ">=", "==", "!="};

  private final Dice dice;
  private MethodContext m;

  Expressions(Dice dice) {
    this.dice = dice;
  }

  /** Generates expressions for method {@code m} from now on. */
  void enter(MethodContext m) {
    this.m = m;
  }

  // ---- int

  /** An expression of type int or narrower. */
  String intExpr(Vars v, int depth) {
    if (depth <= 0 || dice.oneIn(3)) {
      return intAtom(v);
    }
    switch (dice.below(10)) {
      case 0, 1, 2, 3 -> {
        String op = dice.pick(INT_OPS);
        String rhs = op.equals("/") || op.equals("%") ? divisor(v, depth) : intExpr(v, depth - 1);
        return "(" + intExpr(v, depth - 1) + " " + op + " " + rhs + ")";
      }
      case 4 -> {
        return "(" + dice.pick("-", "~") + intExpr(v, depth - 1) + ")";
      }
      case 5 -> {
        return "((" + dice.pick("byte", "short", "char") + ") " + intExpr(v, depth - 1) + ")";
      }
      case 6 -> {
        return "((int) " + longExpr(v, depth - 1) + ")";
      }
      case 7 -> {
        return "("
            + condition(v, depth - 1)
            + " ? "
            + intExpr(v, depth - 1)
            + " : "
            + intExpr(v, depth - 1)
            + ")";
      }
      case 8 -> {
        Helper h = helperReturning("int");
        return h == null ? intAtom(v) : call(v, h);
      }
      default -> {
        if (m.arrays.isEmpty()) {
          return intAtom(v);
        }
        Arr a = dice.pick(m.arrays);
        if (dice.oneIn(4)) {
          return a.name() + ".length";
        }
        String element = a.name() + "[" + index(v, depth - 1) + "]";
        return a.elementType().equals("long") ? "((int) " + element + ")" : element;
      }
    }
  }

  String intAtom(Vars v) {
    switch (dice.below(10)) {
      case 0, 1 -> {
        return intLiteral();
      }
      case 2 -> {
        return "LIMIT";
      }
      case 3, 4 -> {
        return m.ctx != null ? contextRead(v) : intVar(v);
      }
      case 5 -> {
        return dice.pick(
            "Bpf.getPrandomU32()",
            "Bpf.getSmpProcessorId()",
            "Bpf.htons(" + intVar(v) + ")",
            "Bpf.ntohl(" + intVar(v) + ")",
            "Bpf.htonl(" + intLiteral() + ")");
      }
      case 6 -> {
        if (!v.structs.isEmpty()) {
          return dice.pick(v.structs) + "." + dice.pick("a", "s", "c", "ch", "flags");
        }
        return intVar(v);
      }
      default -> {
        return intVar(v);
      }
    }
  }

  String intLiteral() {
    return switch (dice.below(6)) {
      case 0 -> String.valueOf(dice.below(10));
      case 1 -> "(" + -(1 + dice.below(100)) + ")";
      case 2 ->
          dice.pick("0x7fffffff", "Integer.MIN_VALUE", "0xffff", "255", "65535", "0x80000000");
      default -> String.valueOf(dice.below(2000));
    };
  }

  /** An int variable in scope, or a literal before the first one is declared. */
  String intVar(Vars v) {
    return v.ints.isEmpty() ? intLiteral() : dice.pick(v.ints);
  }

  /** An int that is not a compile-time constant: a variable, a context field or a helper. */
  String variableInt(Vars v) {
    if (m.ctx != null && dice.oneIn(4)) {
      return contextField();
    }
    if (v.ints.isEmpty() || dice.oneIn(8)) {
      return "Bpf.getPrandomU32()";
    }
    return dice.pick(v.ints);
  }

  /** A field of the program's context, read without a helper. */
  private String contextField() {
    return switch (m.ctxType) {
      case "SkBuff" -> m.ctx + "." + dice.pick(SKB_FIELDS) + "()";
      case "XdpMd" -> m.ctx + "." + dice.pick(XDP_FIELDS) + "()";
      case "TracepointContext" -> m.ctx + ".readInt(" + 4 * dice.below(16) + ")";
      default -> "((int) " + m.ctx + ".arg(" + dice.below(12) + "))";
    };
  }

  private String contextRead(Vars v) {
    switch (m.ctxType) {
      case "TracepointContext" -> {
        return switch (dice.below(4)) {
          case 0 -> m.ctx + ".readShort(" + 2 * dice.below(32) + ")";
          case 1 -> m.ctx + ".readByte(" + dice.below(64) + ")";
          case 2 -> "((int) " + m.ctx + ".readLong(" + 8 * dice.below(8) + "))";
          default -> contextField();
        };
      }
      case "RawTracepointArgs" -> {
        return contextField();
      }
      default -> {}
    }
    switch (dice.below(5)) {
      case 0 -> {
        String offset = dice.coin() ? String.valueOf(dice.below(64)) : intVar(v);
        return m.ctx + "." + dice.pick("loadByte", "loadHalf", "loadWord") + "(" + offset + ")";
      }
      case 1 -> {
        if (m.ctxType.equals("SkBuff")) {
          return dice.coin()
              ? m.ctx + ".cb(" + dice.below(5) + ")"
              : dice.pick(
                  "Bpf.getSocketUid(" + m.ctx + ")", "((int) Bpf.getSocketCookie(" + m.ctx + "))");
        }
        return contextField();
      }
      default -> {
        return contextField();
      }
    }
  }

  /** An expression of type int exactly (not byte or char), as a map key boxes it. */
  String intKey(Vars v) {
    return "(int) (" + intExpr(v, 1) + ")";
  }

  /**
   * A divisor that is not a constant zero: a division by constant zero always fails, so the code
   * after it is dead, and an injection there would rightly not be reported ({@link
   * ProgramGenerator} makes such code where no injection goes). A variable one may still be zero.
   */
  String divisor(Vars v, int depth) {
    return dice.oneIn(3)
        ? String.valueOf(1 + dice.below(20))
        : "("
            + variableInt(v)
            + " "
            + dice.pick("+", "-", "^", "|")
            + " "
            + intExpr(v, depth - 1)
            + ")";
  }

  /** An array index: a variable one, checked at run time, never a constant outside the array. */
  String index(Vars v, int depth) {
    return dice.oneIn(4)
        ? variableInt(v)
        : "("
            + variableInt(v)
            + " "
            + dice.pick("+", "&", "^", "-")
            + " "
            + intExpr(v, depth)
            + ")";
  }

  // ---- long

  /** An expression of type long or narrower. */
  String longExpr(Vars v, int depth) {
    if (depth <= 0 || dice.oneIn(3)) {
      return longAtom(v);
    }
    switch (dice.below(8)) {
      case 0, 1, 2 -> {
        String op = dice.pick(INT_OPS);
        String rhs;
        if (op.contains("<") || op.contains(">")) {
          rhs = dice.oneIn(4) ? longExpr(v, depth - 1) : intExpr(v, depth - 1);
        } else if (op.equals("/") || op.equals("%")) {
          rhs = longDivisor(v, depth);
        } else {
          rhs = longExpr(v, depth - 1);
        }
        return "(" + longExpr(v, depth - 1) + " " + op + " " + rhs + ")";
      }
      case 3 -> {
        return "((long) " + intExpr(v, depth - 1) + ")";
      }
      case 4 -> {
        return "(" + dice.pick("-", "~") + longExpr(v, depth - 1) + ")";
      }
      case 5 -> {
        return "("
            + condition(v, depth - 1)
            + " ? "
            + longExpr(v, depth - 1)
            + " : "
            + longExpr(v, depth - 1)
            + ")";
      }
      case 6 -> {
        Helper h = helperReturning("long");
        return h == null ? longAtom(v) : call(v, h);
      }
      default -> {
        for (Arr a : m.arrays) {
          if (a.elementType().equals("long")) {
            return a.name() + "[" + index(v, depth - 1) + "]";
          }
        }
        return longAtom(v);
      }
    }
  }

  String longAtom(Vars v) {
    switch (dice.below(8)) {
      case 0 -> {
        return dice.pick(
            "0L", "1L", "BIG", "0x123456789L", "(-3L)", "(1L << 40)", "Long.MIN_VALUE");
      }
      case 1 -> {
        if (m.ctx != null && m.ctxType.equals("RawTracepointArgs") && dice.coin()) {
          return m.ctx + ".arg(" + dice.below(12) + ")";
        }
        if (m.ctx != null && m.ctxType.equals("TracepointContext") && dice.coin()) {
          return m.ctx + ".readLong(" + 8 * dice.below(8) + ")";
        }
        return dice.pick("Bpf.ktimeGetNs()", "Bpf.getCurrentPidTgid()");
      }
      case 2 -> {
        if (!v.structs.isEmpty()) {
          return dice.pick(v.structs) + "." + dice.pick("hits", "b");
        }
        return intAtom(v);
      }
      case 3 -> {
        return intAtom(v);
      }
      default -> {
        return v.longs.isEmpty() ? "BIG" : dice.pick(v.longs);
      }
    }
  }

  String variableLong(Vars v) {
    if (v.longs.isEmpty() || dice.oneIn(6)) {
      return dice.pick("Bpf.ktimeGetNs()", "((long) " + variableInt(v) + ")");
    }
    return dice.pick(v.longs);
  }

  /** An expression of type long exactly. */
  String longKey(Vars v) {
    return "(long) (" + longExpr(v, 1) + ")";
  }

  String longDivisor(Vars v, int depth) {
    return dice.oneIn(3)
        ? (1 + dice.below(1000)) + "L"
        : "("
            + variableLong(v)
            + " "
            + dice.pick("+", "-", "^")
            + " "
            + longExpr(v, depth - 1)
            + ")";
  }

  // ---- boolean

  /** A condition that is never a compile-time constant, not even in part. */
  String condition(Vars v, int depth) {
    int choice = depth <= 0 ? dice.below(3) : dice.below(8);
    switch (choice) {
      case 0, 1 -> {
        return "(" + variableInt(v) + " " + dice.pick(COMPARISONS) + " " + intExpr(v, depth) + ")";
      }
      case 2 -> {
        if (!v.bools.isEmpty() && dice.coin()) {
          return dice.pick(v.bools);
        }
        if (!v.structs.isEmpty() && dice.coin()) {
          return dice.pick(v.structs) + ".seen";
        }
        return "("
            + variableLong(v)
            + " "
            + dice.pick(COMPARISONS)
            + " "
            + longExpr(v, depth)
            + ")";
      }
      case 3 -> {
        return "(" + condition(v, depth - 1) + " && " + condition(v, depth - 1) + ")";
      }
      case 4 -> {
        return "(" + condition(v, depth - 1) + " || " + condition(v, depth - 1) + ")";
      }
      case 5 -> {
        return "!" + condition(v, depth - 1);
      }
      case 6 -> {
        Helper h = helperReturning("boolean");
        if (h != null) {
          return call(v, h);
        }
        return "(" + condition(v, depth - 1) + " ^ " + condition(v, depth - 1) + ")";
      }
      default -> {
        return "((" + variableInt(v) + " & " + (1 << dice.below(8)) + ") != 0)";
      }
    }
  }

  // ---- calls

  private Helper helperReturning(String type) {
    List<Helper> candidates = new ArrayList<>();
    for (Helper h : m.callable) {
      if (h.returnType().equals(type)) {
        candidates.add(h);
      }
    }
    return candidates.isEmpty() || dice.coin() ? null : dice.pick(candidates);
  }

  /** A call of {@code h} with arguments of its parameter types. */
  String call(Vars v, Helper h) {
    List<String> args = new ArrayList<>();
    for (String t : h.paramTypes()) {
      args.add(
          switch (t) {
            case "int" -> intExpr(v, 1);
            case "long" -> longExpr(v, 1);
            case "byte", "char" -> "(" + t + ") " + intAtom(v);
            case "boolean" -> condition(v, 1);
            default ->
                // A struct in scope, or a map value that may be null (the helper's dereference
                // then ends the program, as Java would throw).
                !v.structs.isEmpty() && dice.coin()
                    ? dice.pick(v.structs)
                    : dice.pick("recs", "recs2") + ".lookup(" + intKey(v) + ")";
          });
    }
    return h.name() + "(" + String.join(", ", args) + ")";
  }
}
