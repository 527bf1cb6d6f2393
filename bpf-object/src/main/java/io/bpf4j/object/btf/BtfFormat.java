package io.bpf4j.object.btf;

/** Layout constants shared by the BTF and BTF.ext readers and writers (kernel uapi btf.h). */
final class BtfFormat {

  /** {@code BTF_MAGIC}; read little-endian it is the bytes 9f eb. */
  static final int MAGIC = 0xeB9F;

  static final int VERSION = 1;

  /** {@code sizeof(struct btf_header)}. */
  static final int HEADER_LENGTH = 24;

  /** {@code sizeof(struct btf_type)}: name_off, info, size/type. */
  static final int TYPE_LENGTH = 12;

  /** The largest vlen: the low 16 bits of {@code btf_type.info}. */
  static final int MAX_VLEN = 0xffff;

  /** {@code btf_type.info} bits the kernel defines: vlen 0-15, kind 24-28, kind_flag 31. */
  static final int INFO_MASK = 0x9f00ffff;

  /** INT trailer bits in use: nr_bits 0-7, offset 16-23, encoding 24-27. */
  static final int INT_DATA_MASK = 0x0fff00ff;

  /** {@code .BTF.ext} header up to line_info_len, as the oldest producers write it. */
  static final int EXT_HEADER_LENGTH_V1 = 24;

  /** {@code .BTF.ext} header including core_relo_off/len, as clang writes it today. */
  static final int EXT_HEADER_LENGTH = 32;

  /** {@code sizeof(struct bpf_func_info)}: insn_off, type_id. */
  static final int FUNC_INFO_LENGTH = 8;

  /** {@code sizeof(struct bpf_line_info)}: insn_off, file_name_off, line_off, line_col. */
  static final int LINE_INFO_LENGTH = 16;

  /** {@code sizeof(struct bpf_core_relo)}. */
  static final int CORE_RELO_LENGTH = 16;

  /** Bits of {@code line_col} holding the column; the line number is above them. */
  static final int COLUMN_BITS = 10;

  /** Instruction offsets are counted in bytes in {@code .BTF.ext}; one instruction slot is 8. */
  static final int INSTRUCTION_SIZE = 8;

  private BtfFormat() {}
}
