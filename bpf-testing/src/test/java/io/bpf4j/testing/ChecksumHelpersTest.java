package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.lang.SkBuff;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.ProgramType;
import org.junit.jupiter.api.Test;

/** bpf_csum_diff and bpf_l3/l4_csum_replace value for value, including the edge bit patterns. */
class ChecksumHelpersTest {
  @Test
  void csumDiffFoldsTo16BitsSince613() {
    // The value the kernel's commit message quotes: 28 as from, nothing as to; x86-64 used to
    // return 0xffffffe3, every architecture now 0xffe3.
    assertEquals(0xffe3L, KernelChecksums.csumDiff(new byte[] {28, 0, 0, 0}, new byte[0], 0));
    assertEquals(0L, KernelChecksums.csumDiff(new byte[0], new byte[0], 0));
    assertEquals(0x1234L, KernelChecksums.csumDiff(new byte[0], new byte[0], 0x1234));
    assertEquals(0x0201L, KernelChecksums.csumDiff(new byte[0], new byte[] {1, 2, 0, 0}, 0));
    assertEquals(
        0xffffL, KernelChecksums.csumDiff(new byte[] {1, 2, 0, 0}, new byte[] {1, 2, 0, 0}, 0));
  }

  @Test
  void csumPartialIsZeroOnlyForAllZeroInput() {
    assertEquals(0, KernelChecksums.partial(new byte[8], 0));
    assertEquals(
        0xffffffff,
        KernelChecksums.partial(
            new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 0));
    assertEquals(0xffffffff, KernelChecksums.partial(new byte[] {1, 0, 0, 0}, 0xfffffffe));
  }

  @Test
  void l4ReplaceMarksAZeroResultAsMangled() {
    // A UDP checksum that becomes 0 after the update is sent as 0xffff with F_MARK_MANGLED_0.
    byte[] data = new byte[64];
    data[40] = 0x00;
    data[41] = 0x01; // checksum 0x0001 (big-endian)
    SimSkBuff skb = SimSkBuff.builder(data).build();
    // replacing field value 0 with 0xfffe... find a (from, to) that drives the sum to 0
    int from = 0x0000;
    int to = 0x0001;
    assertEquals(0, skb.l4CsumReplace(40, from, to, 2));
    int plain = Ipv4Frames.get16(skb.data(), 40);
    SimSkBuff marked = SimSkBuff.builder(data).build();
    assertEquals(0, marked.l4CsumReplace(40, from, to, 2 | SkBuff.F_MARK_MANGLED_0));
    int mangled = Ipv4Frames.get16(marked.data(), 40);
    assertEquals(plain == 0 ? 0xffff : plain, mangled);
  }

  @Test
  void replaceRefusesBadOffsetsSizesAndFlags() {
    SimSkBuff skb = SimSkBuff.testRun(ProgramType.SCHED_CLS, Frames.ipv4(60, 17)).build();
    assertEquals(-Errno.EFAULT, skb.l3CsumReplace(25, 0, 1, 2));
    assertEquals(-Errno.EFAULT, skb.l3CsumReplace(60, 0, 1, 2));
    assertEquals(-Errno.EFAULT, skb.l3CsumReplace(-2, 0, 1, 2));
    assertEquals(-Errno.EINVAL, skb.l3CsumReplace(24, 0, 1, 3));
    assertEquals(-Errno.EINVAL, skb.l3CsumReplace(24, 0, 1, 2 | 0x10));
    assertEquals(-Errno.EINVAL, skb.l3CsumReplace(24, 1, 1, 0));
    assertEquals(-Errno.EINVAL, skb.l4CsumReplace(40, 0, 1, 2 | 0x100));
    assertEquals(0, skb.l4CsumReplace(40, 0, 1, 2 | 0x80));
  }

  @Test
  void l3ReplaceAgreesWithARecomputedHeaderChecksum() {
    byte[] frame = Ipv4Frames.udp(0x0a000001, 1, 0x0a000002, 2, new byte[4]);
    SimSkBuff skb = SimSkBuff.testRun(ProgramType.SCHED_CLS, frame).build();
    int oldTtlProto = skb.loadHalf(22);
    int newTtlProto = oldTtlProto - 0x100; // TTL - 1
    skb.storeHalf(22, newTtlProto);
    assertEquals(0, skb.l3CsumReplace(24, oldTtlProto, newTtlProto, 2));
    byte[] out = skb.data();
    byte[] zeroed = out.clone();
    zeroed[24] = 0;
    zeroed[25] = 0;
    assertEquals(Ipv4Frames.ipChecksum(zeroed), Ipv4Frames.get16(out, 24));
  }
}
