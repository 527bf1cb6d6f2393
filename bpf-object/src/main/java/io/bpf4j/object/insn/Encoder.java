package io.bpf4j.object.insn;

import io.bpf4j.object.bytes.LeWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Lays {@link Code} out as eBPF bytes: resolves labels to jump offsets and collects relocations.
 *
 * <p>Each 8-byte slot is little-endian: byte 0 the opcode, byte 1 the destination register in the
 * low nibble and the source register in the high one, bytes 2-3 the signed offset, bytes 4-7 the
 * signed immediate. {@code ld_imm64} takes two slots; the second has only the upper 32 bits of the
 * immediate in its bytes 4-7.
 */
public final class Encoder {
  private Encoder() {}

  /**
   * Encodes {@code code}. A jump offset counts slots from the slot after the jump, so {@code offset
   * = targetSlot - (jumpSlot + 1)}. An unconditional {@code goto} too far for 16 bits becomes
   * {@code gotol} (cpu v4) with the offset in its 32-bit immediate.
   *
   * @throws IllegalArgumentException if a label is unbound, or a conditional jump's target is more
   *     than 32767 slots away
   */
  public static EncodedCode encode(Code code) {
    int[] slots = slots(code.instructions());
    List<Instruction> resolved = resolve(code, slots);
    byte[] bytes = new byte[slots[resolved.size()] * 8];
    List<Relocation> relocations = new ArrayList<>();
    for (int i = 0; i < resolved.size(); i++) {
      Instruction insn = resolved.get(i);
      write(insn, bytes, slots[i] * 8);
      if (insn.ref() != null) {
        relocations.add(new Relocation(slots[i] * 8, insn.ref().symbol(), insn.ref().kind()));
      }
    }
    return new EncodedCode(bytes, relocations, Arrays.copyOf(slots, resolved.size()));
  }

  /**
   * The instructions of {@code code} with every label replaced by its numeric offset (and far
   * {@code goto}s turned into {@code gotol}), exactly as {@link #encode} writes them. Relocation
   * targets are kept.
   *
   * @throws IllegalArgumentException as {@link #encode} does
   */
  public static List<Instruction> resolve(Code code) {
    return resolve(code, slots(code.instructions()));
  }

  private static List<Instruction> resolve(Code code, int[] slots) {
    List<Instruction> result = new ArrayList<>(code.instructions().size());
    for (int i = 0; i < code.instructions().size(); i++) {
      Instruction insn = code.instructions().get(i);
      result.add(insn.target() == null ? insn : resolve(insn, slots[i], code.labels(), slots));
    }
    return result;
  }

  /** The first slot of each instruction, plus the slot count at the end. */
  private static int[] slots(List<Instruction> instructions) {
    int[] slots = new int[instructions.size() + 1];
    for (int i = 0; i < instructions.size(); i++) {
      slots[i + 1] = slots[i] + instructions.get(i).width();
    }
    return slots;
  }

  private static Instruction resolve(
      Instruction insn, int slot, Map<Label, Integer> labels, int[] slots) {
    Label label = insn.target();
    Integer index = labels.get(label);
    if (index == null || index < 0 || index >= slots.length) {
      throw new IllegalArgumentException("jump to unbound label " + label);
    }
    long delta = (long) slots[index] - (slot + 1);
    int cls = Opcode.instructionClass(insn.opcode());
    int op = Opcode.operation(insn.opcode());
    boolean goTo = op == Opcode.JA && (insn.opcode() & Opcode.X) == 0;
    if (cls == Opcode.JMP32 && goTo) {
      // Already a gotol: the offset lives in imm.
      return new Instruction(insn.opcode(), insn.dst(), insn.src(), 0, delta, null, insn.ref());
    }
    if (cls != Opcode.JMP && cls != Opcode.JMP32 || op == Opcode.CALL || op == Opcode.EXIT) {
      throw new IllegalArgumentException("label " + label + " on a non-jump: " + insn);
    }
    if (delta >= Short.MIN_VALUE && delta <= Short.MAX_VALUE) {
      return insn.withOffset((int) delta);
    }
    if (cls == Opcode.JMP && goTo) {
      // Too far for the 16-bit offset: cpu v4's gotol carries it in the 32-bit immediate.
      return new Instruction(Opcode.JMP32 | Opcode.JA, 0, 0, 0, delta, null, insn.ref());
    }
    throw new IllegalArgumentException(
        "jump to label " + label + " is " + delta + " slots away, beyond a 16-bit offset");
  }

  /** Writes one instruction (one or two slots) at {@code pos}. */
  static void write(Instruction insn, byte[] out, int pos) {
    out[pos] = (byte) insn.opcode();
    out[pos + 1] = (byte) (insn.dst() | insn.src() << 4);
    LeWriter.putI16(out, pos + 2, insn.offset());
    LeWriter.putI32(out, pos + 4, (int) insn.imm());
    if (insn.isLoadImm64()) {
      LeWriter.putI32(out, pos + 12, (int) (insn.imm() >>> 32));
    }
  }

  /** The bytes of a single instruction, without label resolution (its offset is used as is). */
  public static byte[] encode(Instruction insn) {
    byte[] out = new byte[insn.width() * 8];
    write(insn, out, 0);
    return out;
  }
}
