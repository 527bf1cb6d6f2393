package io.bpf4j.object.insn;

import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.bytes.LeReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads eBPF bytes back into {@link Instruction}s: the inverse of {@link Encoder}, with numeric
 * offsets and no labels or relocation targets.
 *
 * <p>The decoder checks only the layout (whole slots, well-formed {@code ld_imm64} pairs), not
 * whether an opcode means anything: an unknown opcode decodes to an instruction that the {@link
 * Disassembler} prints as {@code <unknown>}, as llvm-objdump does. Bad input is reported with
 * {@link ObjectFormatException} and never any other exception.
 */
public final class Decoder {
  private Decoder() {}

  /** Decodes all of {@code bytes}. */
  public static List<Instruction> decode(byte[] bytes) {
    if (bytes == null) {
      throw new ObjectFormatException("no instruction bytes");
    }
    return decode(bytes, 0, bytes.length);
  }

  /** Decodes {@code length} bytes of {@code bytes} starting at {@code offset}. */
  public static List<Instruction> decode(byte[] bytes, int offset, int length) {
    if (bytes == null) {
      throw new ObjectFormatException("no instruction bytes");
    }
    if (offset < 0 || length < 0 || offset > bytes.length - length) {
      throw new ObjectFormatException(
          "range " + offset + "+" + length + " outside " + bytes.length + " bytes");
    }
    if (length % 8 != 0) {
      throw new ObjectFormatException("code length " + length + " is not a multiple of 8");
    }
    List<Instruction> result = new ArrayList<>(length / 8);
    int end = offset + length;
    for (int pos = offset; pos < end; pos += 8) {
      int opcode = bytes[pos] & 0xff;
      int dst = bytes[pos + 1] & 0x0f;
      int src = (bytes[pos + 1] >> 4) & 0x0f;
      int off = LeReader.s16At(bytes, pos + 2);
      long imm = LeReader.i32At(bytes, pos + 4);
      if (opcode == (Opcode.LD | Opcode.IMM | Opcode.DW)) {
        int slot = (pos - offset) / 8;
        if (pos + 16 > end) {
          throw new ObjectFormatException("ld_imm64 at slot " + slot + " lacks its second slot");
        }
        if (bytes[pos + 8] != 0
            || bytes[pos + 9] != 0
            || bytes[pos + 10] != 0
            || bytes[pos + 11] != 0) {
          throw new ObjectFormatException(
              "second slot of ld_imm64 at slot "
                  + slot
                  + " has nonzero opcode, registers or offset");
        }
        imm = (imm & 0xffffffffL) | (long) LeReader.i32At(bytes, pos + 12) << 32;
        pos += 8;
      }
      result.add(new Instruction(opcode, dst, src, off, imm, null, null));
    }
    return result;
  }
}
