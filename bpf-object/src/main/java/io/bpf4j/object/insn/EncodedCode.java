package io.bpf4j.object.insn;

import java.util.List;

/**
 * Code laid out as bytes, as it goes into an ELF section.
 *
 * <p>The arrays are shared, not copied: treat them as read-only. Record equality compares them by
 * identity.
 *
 * @param bytes the little-endian instruction bytes, 8 per slot
 * @param relocations the relocations the code needs, ordered by offset
 * @param slotOfInstruction for each instruction of the {@link Code}, its first slot; BTF line_info
 *     and func_info count in slots
 */
public record EncodedCode(byte[] bytes, List<Relocation> relocations, int[] slotOfInstruction) {
  public EncodedCode {
    relocations = List.copyOf(relocations);
  }

  /** The number of 8-byte slots. */
  public int slotCount() {
    return bytes.length / 8;
  }
}
