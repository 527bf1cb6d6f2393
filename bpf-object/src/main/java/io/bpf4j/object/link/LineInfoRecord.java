package io.bpf4j.object.link;

/**
 * One {@code struct bpf_line_info} of a linked program: the source position of an instruction. The
 * kernel wants the file name and line text as offsets into the loaded BTF's string section; look
 * them up with {@link io.bpf4j.object.btf.BtfWriter.Encoded#offsetOf} on the result of {@link
 * io.bpf4j.object.LinkedObject#encodeBtf()}, which always contains them.
 *
 * @param instructionOffset the instruction, in 8-byte slots from the start of the linked program
 * @param fileName the source file name, as the compiler recorded it
 * @param lineText the source line's text, or ""
 * @param line the 1-based line number
 * @param column the 1-based column, or 0 when unknown
 */
public record LineInfoRecord(
    int instructionOffset, String fileName, String lineText, int line, int column) {

  /** {@code line_col} as the kernel packs it: the line above the 10 bits of the column. */
  public int lineCol() {
    return line << 10 | column;
  }
}
