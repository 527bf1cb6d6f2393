package io.bpf4j.object.insn;

import static io.bpf4j.object.insn.Opcode.*;

import java.util.List;

/**
 * Prints instructions in the syntax of {@code llvm-objdump-19 -d} (LLVM's BPF "C-like" assembly
 * with hexadecimal immediates), so that our output can be compared line by line with clang's.
 *
 * <p>What is matched, and the few deliberate differences:
 *
 * <ul>
 *   <li>{@link #format(Instruction)} prints exactly the text llvm-objdump prints after the
 *       instruction bytes, including {@code <unknown>} for encodings LLVM does not decode, and
 *       LLVM's habit of ignoring fields an instruction does not use (a nonzero imm in {@code r1 +=
 *       r2} is not shown).
 *   <li>Symbolic parts that have no numeric form yet are shown in angle brackets: a jump to a
 *       {@link Label} prints {@code goto <label>} instead of {@code goto +0x9}, and an instruction
 *       with a {@link SymbolRef} gets a {@code <symbol>} suffix (llvm-objdump prints a separate
 *       relocation line instead; {@link #listing} does the same).
 *   <li>By default the syntax is that of {@code llvm-objdump-19 -d} without {@code --mcpu}, which
 *       prints 8/16/32-bit loads and stores with {@code r} registers and cannot decode most 32-bit
 *       atomics ({@code <unknown>}; a 32-bit fetch-add even prints as a plain {@code lock ... +=}).
 *       Passing {@code alu32 = true} gives the text of {@code llvm-objdump-19 -d --mcpu=v4} (or
 *       {@code --mattr=+alu32}) instead, which uses {@code w} registers for those.
 * </ul>
 */
public final class Disassembler {
  private Disassembler() {}

  private static final String UNKNOWN = "<unknown>";

  // Indexed by ALU operation >> 4; null for those without a compound assignment.
  private static final String[] ALU_SYMBOLS = {
    "+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", null, "%=", "^=", null, "s>>=", null, null,
    null
  };

  // Indexed by jump operation >> 4; null for JA, CALL, EXIT and the unconditional ones.
  private static final String[] JUMP_SYMBOLS = {
    null, "==", ">", ">=", "&", "!=", "s>", "s>=", null, null, "<", "<=", "s<", "s<=", null, null
  };

  /** The llvm-objdump text of {@code insn} (without {@code --mcpu}). */
  public static String format(Instruction insn) {
    return format(insn, false);
  }

  /**
   * The llvm-objdump text of {@code insn}; {@code alu32} selects the {@code --mcpu=v4} spelling of
   * sub-64-bit loads, stores and atomics.
   */
  public static String format(Instruction insn, boolean alu32) {
    String text = text(insn, alu32);
    if (text == null) {
      return UNKNOWN;
    }
    return insn.ref() == null ? text : text + " <" + insn.ref().symbol() + ">";
  }

  /**
   * The body of {@code llvm-objdump-19 -d -r} for one code section: instruction lines and
   * relocation lines, without the section and symbol headers. See {@link Listing} for what differs
   * from llvm-objdump (only the names in jump target annotations, and only when the section has
   * symbols other than its section symbol).
   *
   * @param sectionName the section name, used for jump target annotations like {@code <.text+0x28>}
   * @param code the section's bytes
   * @param relocations the section's relocations, in any order
   */
  public static String listing(String sectionName, byte[] code, List<Relocation> relocations) {
    return Listing.of(sectionName, code, relocations, false);
  }

  /** {@link #listing(String, byte[], List)} in the {@code --mcpu=v4} spelling. */
  public static String listing(
      String sectionName, byte[] code, List<Relocation> relocations, boolean alu32) {
    return Listing.of(sectionName, code, relocations, alu32);
  }

  /** The text of {@code insn}, or null where LLVM's decoder would fail. */
  static String text(Instruction insn, boolean alu32) {
    return switch (instructionClass(insn.opcode())) {
      case ALU, ALU64 -> alu(insn);
      case JMP, JMP32 -> jump(insn);
      case LD -> ld(insn);
      case LDX -> ldx(insn, alu32);
      case ST -> st(insn);
      default -> stx(insn, alu32);
    };
  }

  /**
   * For an instruction llvm-objdump treats as a branch, the jump distance in slots from the next
   * slot; else null. Calls are not branches here: llvm-objdump does not annotate them.
   */
  static Long branchDelta(Instruction insn) {
    int cls = instructionClass(insn.opcode());
    int op = operation(insn.opcode());
    if (cls != JMP && cls != JMP32 || op == CALL || op == EXIT || text(insn, false) == null) {
      return null;
    }
    return cls == JMP32 && op == JA ? insn.imm() : (long) insn.offset();
  }

  private static String alu(Instruction in) {
    int code = in.opcode();
    boolean w = instructionClass(code) == ALU;
    boolean x = (code & X) != 0;
    int op = operation(code);
    int off = in.offset();
    if (!isReg(in.dst())) {
      return null;
    }
    String dst = reg(w, in.dst());
    String src = reg(w, in.src());
    switch (op) {
      case NEG:
        return x ? null : dst + " = -" + dst;
      case END:
        {
          // ALU64|END is cpu v4's unconditional bswap; it has no register-source form.
          int bits = (int) in.imm();
          if (!w && x || bits != 16 && bits != 32 && bits != 64) {
            return null;
          }
          String name = !w ? "bswap" : x ? "be" : "le";
          return "r" + in.dst() + " = " + name + bits + " r" + in.dst();
        }
      case MOV:
        if (!x) {
          return off == 0 ? dst + " = " + hex((int) in.imm()) : null;
        }
        if (!isReg(in.src())) {
          return null;
        }
        if (off == 0) {
          return dst + " = " + src;
        }
        if (off == 8 || off == 16 || off == 32 && !w) {
          return dst + " = (s" + off + ")" + src;
        }
        if (off == 1 && !w) {
          int imm = (int) in.imm();
          return dst
              + " = addr_space_cast("
              + src
              + ", "
              + hex(imm >>> 16)
              + ", "
              + hex(imm & 0xffff)
              + ")";
        }
        return null;
      default:
        String symbol = ALU_SYMBOLS[op >> 4];
        if (symbol == null) {
          return null;
        }
        if (off == 1 && (op == DIV || op == MOD)) {
          symbol = "s" + symbol;
        } else if (off != 0) {
          return null;
        }
        if (!x) {
          return dst + " " + symbol + " " + hex((int) in.imm());
        }
        return isReg(in.src()) ? dst + " " + symbol + " " + src : null;
    }
  }

  private static String jump(Instruction in) {
    int code = in.opcode();
    boolean j32 = instructionClass(code) == JMP32;
    boolean x = (code & X) != 0;
    int op = operation(code);
    switch (op) {
      case JA:
        if (x) {
          return null;
        }
        return j32 ? "gotol " + target(in, in.imm()) : "goto " + target(in, in.offset());
      case CALL:
        if (j32) {
          return null;
        }
        if (x) {
          return isReg(in.dst()) ? "callx r" + in.dst() : null;
        }
        return "call " + hex((int) in.imm());
      case EXIT:
        return !j32 && !x && in.imm() == 0 ? "exit" : null;
      case 0xe0:
        // JCOND: cpu v4's may_goto, only in the JMP class with a K source.
        return !j32 && !x ? "may_goto " + target(in, in.offset()) : null;
      default:
        String symbol = JUMP_SYMBOLS[op >> 4];
        if (symbol == null || !isReg(in.dst()) || x && !isReg(in.src())) {
          return null;
        }
        String right = x ? reg(j32, in.src()) : hex((int) in.imm());
        return "if "
            + reg(j32, in.dst())
            + " "
            + symbol
            + " "
            + right
            + " goto "
            + target(in, in.offset());
    }
  }

  private static String ld(Instruction in) {
    int code = in.opcode();
    int size = size(code);
    switch (mode(code)) {
      case IMM:
        if (size != DW || in.offset() != 0 || !isReg(in.dst())) {
          return null;
        }
        if (in.src() == 0) {
          return "r" + in.dst() + " = " + hex(in.imm()) + " ll";
        }
        // A pseudo source (map fd, map value, BTF id, function). LLVM's decoder puts the upper
        // half into the wrong operand, so only the lower 32 bits show, unsigned.
        return "ld_pseudo\tr"
            + in.dst()
            + ", "
            + hex(in.src())
            + ", "
            + hex(in.imm() & 0xffffffffL);
      case ABS:
        return size == DW
            ? null
            : "r0 = *(" + unsigned(code) + " *)skb[" + hex((int) in.imm()) + "]";
      case IND:
        if (size == DW || !isReg(in.src())) {
          return null;
        }
        // LLVM's LD_IND has no immediate operand, so a nonzero imm is not printed.
        return "r0 = *(" + unsigned(code) + " *)skb[r" + in.src() + "]";
      default:
        return null;
    }
  }

  private static String ldx(Instruction in, boolean alu32) {
    int code = in.opcode();
    if (!isReg(in.dst()) || !isReg(in.src())) {
      return null;
    }
    String address = address(in.src(), in.offset());
    if (mode(code) == MEM) {
      boolean w = alu32 && size(code) != DW;
      return reg(w, in.dst()) + " = *(" + unsigned(code) + " *)" + address;
    }
    if (mode(code) == MEMSX && size(code) != DW) {
      return "r" + in.dst() + " = *(s" + sizeInBytes(code) * 8 + " *)" + address;
    }
    return null;
  }

  private static String st(Instruction in) {
    int code = in.opcode();
    if (mode(code) != MEM || !isReg(in.dst())) {
      return null;
    }
    return "*("
        + unsigned(code)
        + " *)"
        + address(in.dst(), in.offset())
        + " = "
        + hex((int) in.imm());
  }

  private static String stx(Instruction in, boolean alu32) {
    int code = in.opcode();
    if (!isReg(in.dst()) || !isReg(in.src())) {
      return null;
    }
    String address = address(in.dst(), in.offset());
    boolean w = size(code) != DW;
    if (mode(code) == MEM) {
      return "*(" + unsigned(code) + " *)" + address + " = " + reg(alu32 && w, in.src());
    }
    if (mode(code) != ATOMIC || size(code) != W && size(code) != DW) {
      return null;
    }
    int imm = (int) in.imm();
    int kind = (imm >> 4) & 0xf;
    if (w && !alu32) {
      // Without alu32, LLVM only knows the old 32-bit xadd and checks no other imm bits.
      return kind == 0 ? "lock *(u32 *)" + address + " += r" + in.src() : null;
    }
    String val = reg(w, in.src());
    String name =
        switch (kind) {
          case 0x0 -> "add";
          case 0x4 -> "or";
          case 0x5 -> "and";
          case 0xa -> "xor";
          default -> null;
        };
    if ((imm & 0xf) == ATOMIC_FETCH) {
      if (name != null) {
        return val
            + " = atomic_fetch_"
            + name
            + "(("
            + unsigned(code)
            + " *)"
            + address
            + ", "
            + val
            + ")";
      }
      String suffix = w ? "32_32(" : "_64(";
      if (kind == 0xe) {
        return val
            + " = xchg"
            + suffix
            + address.substring(1, address.length() - 1)
            + ", "
            + val
            + ")";
      }
      if (kind == 0xf) {
        String r0 = reg(w, 0);
        return r0
            + " = cmpxchg"
            + suffix
            + address.substring(1, address.length() - 1)
            + ", "
            + r0
            + ", "
            + val
            + ")";
      }
      return null;
    }
    if (name == null) {
      return null;
    }
    String symbol = ALU_SYMBOLS[kind];
    return "lock *(" + unsigned(code) + " *)" + address + " " + symbol + " " + val;
  }

  // ---- pieces ----

  /** Whether LLVM decodes register number {@code n}: r0-r10 and its internal r11. */
  private static boolean isReg(int n) {
    return n <= 11;
  }

  private static String reg(boolean w, int n) {
    return (w ? "w" : "r") + n;
  }

  /** {@code (r1 + 0x8)} or {@code (r10 - 0x4)}. */
  private static String address(int base, int offset) {
    String sign = offset >= 0 ? " + " : " - ";
    return "(r" + base + sign + hex(Math.abs(offset)) + ")";
  }

  private static String unsigned(int opcode) {
    return "u" + sizeInBytes(opcode) * 8;
  }

  private static String target(Instruction in, long delta) {
    if (in.target() != null) {
      return "<" + in.target().name() + ">";
    }
    return (delta >= 0 ? "+" : "") + hex(delta);
  }

  /** LLVM's signed hexadecimal: {@code 0x1f}, {@code -0x4}. */
  static String hex(long value) {
    // Long.MIN_VALUE negates to itself, and its unsigned hex is the right magnitude.
    return value < 0 ? "-0x" + Long.toHexString(-value) : "0x" + Long.toHexString(value);
  }
}
