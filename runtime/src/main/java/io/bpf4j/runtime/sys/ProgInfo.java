package io.bpf4j.runtime.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The fields of the kernel's {@code struct bpf_prog_info} (include/uapi/linux/bpf.h) that the
 * runtime reports, decoded from the bytes {@code BPF_OBJ_GET_INFO_BY_FD} wrote. Fields a kernel
 * does not know yet stay zero: it writes only the prefix of the struct it has ({@code
 * verified_insns} came in 5.16, {@code run_time_ns} in 5.1).
 */
public record ProgInfo(
    int type,
    int id,
    String tag,
    int jitedProgLen,
    int xlatedProgLen,
    long loadTime,
    int createdByUid,
    int nrMapIds,
    String name,
    boolean gplCompatible,
    int nrJitedKsyms,
    int btfId,
    int nrFuncInfo,
    int nrLineInfo,
    long runTimeNs,
    long runCnt,
    long recursionMisses,
    int verifiedInsns) {

  /**
   * The size of the struct up to and including {@code attach_btf_id} and its trailing pad, as of
   * Linux 6.x; a newer kernel with a longer struct copies only this much.
   */
  static final int SIZE = 232;

  // Byte offsets in struct bpf_prog_info (the u64 fields are 8-byte aligned there).
  static final int TYPE = 0;
  static final int ID = 4;
  static final int TAG = 8;
  static final int TAG_SIZE = 8;
  static final int JITED_PROG_LEN = 16;
  static final int XLATED_PROG_LEN = 20;
  static final int LOAD_TIME = 40;
  static final int CREATED_BY_UID = 48;
  static final int NR_MAP_IDS = 52;
  static final int NAME = 64;
  static final int NAME_SIZE = 16;
  static final int GPL_COMPATIBLE = 84;
  static final int NR_JITED_KSYMS = 104;
  static final int BTF_ID = 128;
  static final int NR_FUNC_INFO = 144;
  static final int NR_LINE_INFO = 148;
  static final int RUN_TIME_NS = 192;
  static final int RUN_CNT = 200;
  static final int RECURSION_MISSES = 208;
  static final int VERIFIED_INSNS = 216;

  /** Decodes the first {@link #SIZE} bytes of a little-endian {@code struct bpf_prog_info}. */
  static ProgInfo decode(byte[] info) {
    ByteBuffer b = ByteBuffer.wrap(info).order(ByteOrder.LITTLE_ENDIAN);
    StringBuilder tag = new StringBuilder();
    for (int i = 0; i < TAG_SIZE; i++) {
      tag.append(String.format("%02x", info[TAG + i] & 0xff));
    }
    int n = 0;
    while (n < NAME_SIZE && info[NAME + n] != 0) {
      n++;
    }
    return new ProgInfo(
        b.getInt(TYPE),
        b.getInt(ID),
        tag.toString(),
        b.getInt(JITED_PROG_LEN),
        b.getInt(XLATED_PROG_LEN),
        b.getLong(LOAD_TIME),
        b.getInt(CREATED_BY_UID),
        b.getInt(NR_MAP_IDS),
        new String(info, NAME, n, StandardCharsets.US_ASCII),
        (b.getInt(GPL_COMPATIBLE) & 1) != 0,
        b.getInt(NR_JITED_KSYMS),
        b.getInt(BTF_ID),
        b.getInt(NR_FUNC_INFO),
        b.getInt(NR_LINE_INFO),
        b.getLong(RUN_TIME_NS),
        b.getLong(RUN_CNT),
        b.getLong(RECURSION_MISSES),
        b.getInt(VERIFIED_INSNS));
  }
}
