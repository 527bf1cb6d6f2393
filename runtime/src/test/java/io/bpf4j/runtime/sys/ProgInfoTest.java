package io.bpf4j.runtime.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The offsets of {@code struct bpf_prog_info}: a buffer laid out field by field as
 * include/uapi/linux/bpf.h declares them (each offset worked out here from the declarations, not
 * taken from {@link ProgInfo}) decodes to the values put in.
 */
class ProgInfoTest {
  @Test
  void decodesEveryFieldFromItsUapiOffset() {
    ByteBuffer b = ByteBuffer.allocate(232).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, 1); // type: u32
    b.putInt(4, 302); // id: u32
    b.put(8, new byte[] {(byte) 0xb8, 0x7b, (byte) 0x9a, (byte) 0xb8, (byte) 0xe4, 0x1c, -8, 0x1a});
    b.putInt(16, 232); // jited_prog_len: after tag[8]
    b.putInt(20, 296); // xlated_prog_len
    // 24 jited_prog_insns, 32 xlated_prog_insns: u64 pointers
    b.putLong(40, 2_923_877_156_000L); // load_time
    b.putInt(48, 0); // created_by_uid
    b.putInt(52, 3); // nr_map_ids
    // 56 map_ids: u64 pointer
    b.put(64, "socketFilter".getBytes(StandardCharsets.US_ASCII)); // name[16]
    // 80 ifindex
    b.putInt(84, 1); // gpl_compatible:1, then 31 bits of padding
    // 88 netns_dev, 96 netns_ino: u64
    b.putInt(104, 2); // nr_jited_ksyms
    // 108 nr_jited_func_lens, 112 jited_ksyms, 120 jited_func_lens
    b.putInt(128, 264); // btf_id
    // 132 func_info_rec_size, 136 func_info: u64
    b.putInt(144, 2); // nr_func_info
    b.putInt(148, 17); // nr_line_info
    // 152 line_info, 160 jited_line_info: u64; 168 nr_jited_line_info, 172 line_info_rec_size,
    // 176 jited_line_info_rec_size, 180 nr_prog_tags, 184 prog_tags: u64
    b.putLong(192, 123_456_789L); // run_time_ns
    b.putLong(200, 1000L); // run_cnt
    b.putLong(208, 4L); // recursion_misses
    b.putInt(216, 57); // verified_insns
    b.putInt(220, 9); // attach_btf_obj_id (not decoded)

    ProgInfo info = ProgInfo.decode(b.array());

    assertEquals(1, info.type());
    assertEquals(302, info.id());
    assertEquals("b87b9ab8e41cf81a", info.tag());
    assertEquals(232, info.jitedProgLen());
    assertEquals(296, info.xlatedProgLen());
    assertEquals(2_923_877_156_000L, info.loadTime());
    assertEquals(3, info.nrMapIds());
    assertEquals("socketFilter", info.name());
    assertTrue(info.gplCompatible());
    assertEquals(2, info.nrJitedKsyms());
    assertEquals(264, info.btfId());
    assertEquals(2, info.nrFuncInfo());
    assertEquals(17, info.nrLineInfo());
    assertEquals(123_456_789L, info.runTimeNs());
    assertEquals(1000L, info.runCnt());
    assertEquals(4L, info.recursionMisses());
    assertEquals(57, info.verifiedInsns());
  }

  @Test
  void aFullLengthNameHasNoTerminatorAndAnOldKernelLeavesTheTailZero() {
    byte[] raw = new byte[ProgInfo.SIZE];
    byte[] name = "fifteen_chars_x".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, raw, 64, name.length);
    raw[84] = 0; // not GPL
    ProgInfo info = ProgInfo.decode(raw);
    assertEquals("fifteen_chars_x", info.name());
    assertFalse(info.gplCompatible());
    assertEquals(0, info.verifiedInsns());
    assertEquals("0000000000000000", info.tag());
  }
}
