package io.bpf4j.testing;

import io.bpf4j.object.kernel.Errno;

/**
 * {@code bpf_l3_csum_replace} and {@code bpf_l4_csum_replace} ({@code net/core/filter.c}) on a
 * simulated skb, for a test run's skb ({@code ip_summed} is {@code CHECKSUM_NONE}, so {@code
 * BPF_F_PSEUDO_HDR} changes only {@code skb->csum}, which programs cannot read: the checksum field
 * gets the same update with or without it).
 *
 * <p>The Java API passes {@code from} and {@code to} as {@code loadHalf}/{@code loadWord} return
 * them and the compiled code swaps them into network order; here they are swapped the same way so
 * that the kernel's arithmetic runs on the very numbers the kernel sees. With a field size of 0,
 * {@code to} is a {@code bpf_csum_diff} result, passed unchanged.
 */
final class SkbChecksums {
  static final int F_HDR_FIELD_MASK = 0xf;
  static final int F_PSEUDO_HDR = 0x10;
  static final int F_MARK_MANGLED_0 = 0x20;
  static final int F_MARK_ENFORCE = 0x40;

  /** {@code BPF_F_IPV6} (Linux 6.16): the pseudo header is IPv6's, for CHECKSUM_PARTIAL skbs. */
  static final int F_IPV6 = 0x80;

  /** {@code CSUM_MANGLED_0}: how a UDP checksum that computes to 0 is sent. */
  private static final int CSUM_MANGLED_0 = 0xffff;

  private SkbChecksums() {}

  static int l3Replace(SimSkBuff skb, int off, int from, int to, int flags) {
    if ((flags & ~F_HDR_FIELD_MASK) != 0) {
      return -Errno.EINVAL;
    }
    int refused = checkField(skb, off);
    if (refused != 0) {
      return refused;
    }
    int sum = readSum(skb, off);
    switch (flags & F_HDR_FIELD_MASK) {
      case 0 -> {
        if (from != 0) {
          return -Errno.EINVAL;
        }
        sum = KernelChecksums.replaceByDiff(sum, to);
      }
      case 2 -> sum = KernelChecksums.replace2(sum, be16(from), be16(to));
      case 4 ->
          sum = KernelChecksums.replace4(sum, Integer.reverseBytes(from), Integer.reverseBytes(to));
      default -> {
        return -Errno.EINVAL;
      }
    }
    writeSum(skb, off, sum);
    return 0;
  }

  static int l4Replace(SimSkBuff skb, int off, int from, int to, int flags) {
    boolean markMangled0 = (flags & F_MARK_MANGLED_0) != 0;
    boolean enforce = (flags & F_MARK_ENFORCE) != 0;
    if ((flags & ~(F_MARK_MANGLED_0 | F_MARK_ENFORCE | F_PSEUDO_HDR | F_HDR_FIELD_MASK | F_IPV6))
        != 0) {
      return -Errno.EINVAL;
    }
    int refused = checkField(skb, off);
    if (refused != 0) {
      return refused;
    }
    int sum = readSum(skb, off);
    if (markMangled0 && !enforce && sum == 0) {
      return 0; // a UDP datagram sent without checksum keeps none
    }
    switch (flags & F_HDR_FIELD_MASK) {
      case 0 -> {
        if (from != 0) {
          return -Errno.EINVAL;
        }
        sum = KernelChecksums.replaceByDiff(sum, to);
      }
        // inet_proto_csum_replace2 widens the 16-bit values and replaces them as 32-bit ones.
      case 2 -> sum = KernelChecksums.replace4(sum, be16(from), be16(to));
      case 4 ->
          sum = KernelChecksums.replace4(sum, Integer.reverseBytes(from), Integer.reverseBytes(to));
      default -> {
        return -Errno.EINVAL;
      }
    }
    if (markMangled0 && sum == 0) {
      sum = CSUM_MANGLED_0;
    }
    writeSum(skb, off, sum);
    return 0;
  }

  /** {@code -EFAULT} for an odd offset, one above 0xffff, or a field past the end. */
  private static int checkField(SimSkBuff skb, int off) {
    if (Integer.compareUnsigned(off, 0xffff) > 0 || (off & 1) != 0 || off + 2 > skb.len()) {
      return -Errno.EFAULT;
    }
    return 0;
  }

  /** A 16-bit field in network order, as the kernel holds the {@code __be16} in a register. */
  private static int be16(int value) {
    return Short.toUnsignedInt(Short.reverseBytes((short) value));
  }

  /** The {@code __sum16} at {@code off} as an x86 load sees it. */
  private static int readSum(SimSkBuff skb, int off) {
    byte[] d = skb.bytes();
    return (d[off] & 0xff) | (d[off + 1] & 0xff) << 8;
  }

  private static void writeSum(SimSkBuff skb, int off, int sum) {
    byte[] d = skb.bytes();
    d[off] = (byte) sum;
    d[off + 1] = (byte) (sum >>> 8);
  }
}
