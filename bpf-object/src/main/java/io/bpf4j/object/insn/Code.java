package io.bpf4j.object.insn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function body as the {@link Assembler} built it: instructions that may still jump to symbolic
 * labels and refer to symbols, where the labels are bound, and which instructions start source
 * lines. The {@link Encoder} turns it into bytes.
 *
 * <p>Indexes in {@link #labels()} and {@link #lines()} count instructions, not 8-byte slots; use
 * {@link #slotOf(int)} to convert, since {@code ld_imm64} takes two slots.
 *
 * @param instructions the instructions in order
 * @param labels each bound label and the index of the instruction it precedes; an index equal to
 *     the instruction count means "just after the last instruction"
 * @param lines the source line marks, ordered by instruction index
 * @param coreMarks the CO-RE relocated instructions, ordered by instruction index
 */
public record Code(
    List<Instruction> instructions,
    Map<Label, Integer> labels,
    List<LineMark> lines,
    List<CoreMark> coreMarks) {

  public Code {
    instructions = List.copyOf(instructions);
    // Insertion order is kept so listings and tests see labels in the order they were bound.
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    lines = List.copyOf(lines);
    coreMarks = List.copyOf(coreMarks);
  }

  /** Code without CO-RE relocations. */
  public Code(List<Instruction> instructions, Map<Label, Integer> labels, List<LineMark> lines) {
    this(instructions, labels, lines, List.of());
  }

  /** The number of 8-byte instruction slots the code occupies. */
  public int slotCount() {
    return slotOf(instructions.size());
  }

  /**
   * The slot at which instruction {@code instructionIndex} starts; {@code instructions().size()}
   * gives the slot just past the end.
   */
  public int slotOf(int instructionIndex) {
    if (instructionIndex < 0 || instructionIndex > instructions.size()) {
      throw new IndexOutOfBoundsException("no instruction " + instructionIndex);
    }
    int slot = 0;
    for (int i = 0; i < instructionIndex; i++) {
      slot += instructions.get(i).width();
    }
    return slot;
  }
}
