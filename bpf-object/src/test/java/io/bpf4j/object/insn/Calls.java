package io.bpf4j.object.insn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs an Assembler call written as text, such as {@code jmp(JEQ, R1, 0, +9)}, the way the encoder
 * table describes its rows. The last argument of {@code ja}, {@code jmp} and {@code jmp32} is a
 * jump distance in slots: the call gets a label placed that far away, with {@code exit}s as filler,
 * so the label resolution is part of what the table checks.
 */
final class Calls {
  private Calls() {}

  /** The row's instruction after encoding, and its relocations relative to its first byte. */
  record Assembled(Instruction instruction, byte[] bytes, List<Relocation> relocations) {}

  static Assembled assemble(String call) {
    String name = call.substring(0, call.indexOf('('));
    String inside = call.substring(call.indexOf('(') + 1, call.lastIndexOf(')'));
    List<String> args = inside.isEmpty() ? List.of() : Arrays.asList(inside.split(", "));
    boolean jump = name.equals("ja") || name.equals("jmp") || name.equals("jmp32");
    long distance = jump ? Long.decode(args.get(args.size() - 1)) : 0;
    Label target = new Label("target");

    Assembler asm = new Assembler();
    if (distance < 0) {
      asm.bind(target);
      for (long i = 0; i < -distance - 1; i++) {
        asm.exit();
      }
    }
    int index = asm.size();
    apply(asm, name, args, target);
    if (distance >= 0 && jump) {
      for (long i = 0; i < distance; i++) {
        asm.exit();
      }
      asm.bind(target);
    }
    Code code = asm.build();
    EncodedCode encoded = Encoder.encode(code);
    Instruction insn = Encoder.resolve(code).get(index);
    int start = encoded.slotOfInstruction()[index] * 8;
    byte[] bytes = Arrays.copyOfRange(encoded.bytes(), start, start + insn.width() * 8);
    List<Relocation> relocations = new ArrayList<>();
    for (Relocation r : encoded.relocations()) {
      relocations.add(new Relocation(r.byteOffset() - start, r.symbol(), r.kind()));
    }
    return new Assembled(insn, bytes, relocations);
  }

  private static void apply(Assembler a, String name, List<String> args, Label target) {
    switch (name + "/" + args.size()) {
      case "alu/4" -> {
        if (isRegister(args.get(3))) {
          a.alu(bool(args.get(0)), constant(args.get(1)), reg(args.get(2)), reg(args.get(3)));
        } else {
          a.alu(bool(args.get(0)), constant(args.get(1)), reg(args.get(2)), num(args.get(3)));
        }
      }
      case "alu/5" -> {
        int offset = (int) num(args.get(4));
        if (isRegister(args.get(3))) {
          a.alu(
              bool(args.get(0)), constant(args.get(1)), reg(args.get(2)), reg(args.get(3)), offset);
        } else {
          a.alu(
              bool(args.get(0)), constant(args.get(1)), reg(args.get(2)), num(args.get(3)), offset);
        }
      }
      case "mov64/2" -> {
        if (isRegister(args.get(1))) {
          a.mov64(reg(args.get(0)), reg(args.get(1)));
        } else {
          a.mov64(reg(args.get(0)), num(args.get(1)));
        }
      }
      case "mov32/2" -> {
        if (isRegister(args.get(1))) {
          a.mov32(reg(args.get(0)), reg(args.get(1)));
        } else {
          a.mov32(reg(args.get(0)), num(args.get(1)));
        }
      }
      case "movsx64/3" -> a.movsx64(reg(args.get(0)), reg(args.get(1)), (int) num(args.get(2)));
      case "movsx32/3" -> a.movsx32(reg(args.get(0)), reg(args.get(1)), (int) num(args.get(2)));
      case "neg/2" -> a.neg(bool(args.get(0)), reg(args.get(1)));
      case "bswap/2" -> a.bswap(reg(args.get(0)), (int) num(args.get(1)));
      case "endian/3" -> a.endian(reg(args.get(0)), (int) num(args.get(1)), bool(args.get(2)));
      case "ldImm64/2" -> a.ldImm64(reg(args.get(0)), num(args.get(1)));
      case "ldMap/2" -> a.ldMap(reg(args.get(0)), string(args.get(1)));
      case "ldData/3" -> a.ldData(reg(args.get(0)), string(args.get(1)), (int) num(args.get(2)));
      case "ldx/4" -> a.ldx(size(args), reg(args.get(1)), reg(args.get(2)), (int) num(args.get(3)));
      case "ldxsx/4" ->
          a.ldxsx(size(args), reg(args.get(1)), reg(args.get(2)), (int) num(args.get(3)));
      case "stx/4" -> a.stx(size(args), reg(args.get(1)), (int) num(args.get(2)), reg(args.get(3)));
      case "st/4" -> a.st(size(args), reg(args.get(1)), (int) num(args.get(2)), num(args.get(3)));
      case "atomic/5" ->
          a.atomic(
              size(args),
              constant(args.get(1)),
              reg(args.get(2)),
              (int) num(args.get(3)),
              reg(args.get(4)));
      case "ldAbs/2" -> a.ldAbs(size(args), (int) num(args.get(1)));
      case "ldInd/3" -> a.ldInd(size(args), reg(args.get(1)), (int) num(args.get(2)));
      case "ja/1" -> a.ja(target);
      case "jmp/4", "jmp32/4" -> {
        int op = constant(args.get(0));
        boolean j32 = name.equals("jmp32");
        if (isRegister(args.get(2))) {
          Register src = reg(args.get(2));
          if (j32) {
            a.jmp32(op, reg(args.get(1)), src, target);
          } else {
            a.jmp(op, reg(args.get(1)), src, target);
          }
        } else if (j32) {
          a.jmp32(op, reg(args.get(1)), num(args.get(2)), target);
        } else {
          a.jmp(op, reg(args.get(1)), num(args.get(2)), target);
        }
      }
      case "call/1" -> a.call((int) num(args.get(0)));
      case "callFunction/1" -> a.callFunction(string(args.get(0)));
      case "exit/0" -> a.exit();
      default -> throw new IllegalArgumentException("unknown call " + name + args);
    }
  }

  private static boolean isRegister(String arg) {
    return arg.matches("R\\d+");
  }

  private static Register reg(String arg) {
    return Register.valueOf(arg);
  }

  private static boolean bool(String arg) {
    return Boolean.parseBoolean(arg);
  }

  private static long num(String arg) {
    return Long.decode(arg);
  }

  private static int size(List<String> args) {
    return (int) num(args.get(0));
  }

  private static String string(String arg) {
    return arg.substring(1, arg.length() - 1);
  }

  /** An Opcode constant, or several joined with {@code |}. */
  private static int constant(String arg) {
    int value = 0;
    for (String part : arg.split("\\|")) {
      try {
        value |= Opcode.class.getField(part).getInt(null);
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException("no Opcode." + part, e);
      }
    }
    return value;
  }
}
