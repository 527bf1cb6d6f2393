package io.bpf4j.testing;

/**
 * The kernel's one's-complement checksum arithmetic on x86-64, value for value: {@code
 * include/net/checksum.h} ({@code csum_add}, {@code csum_sub}, {@code csum_fold}, {@code
 * csum_replace2/4}, {@code csum_replace_by_diff}, {@code csum_from32to16}) and {@code
 * arch/x86/lib/csum-partial_64.c} ({@code csum_partial}). Values are the kernel's: a {@code __wsum}
 * or {@code __be32} is the 32-bit number the CPU loads from the bytes (little-endian), a {@code
 * __sum16} the 16-bit one. Different bit patterns of the same one's-complement number (0 and
 * 0xffff) matter to a byte-for-byte comparison, so nothing here is simplified algebraically.
 */
final class KernelChecksums {
  private KernelChecksums() {}

  /** {@code csum_add}: a 32-bit add whose carry wraps around. */
  static int add(int csum, int addend) {
    int res = csum + addend;
    return res + (Integer.compareUnsigned(res, addend) < 0 ? 1 : 0);
  }

  /** {@code csum_sub}. */
  static int sub(int csum, int addend) {
    return add(csum, ~addend);
  }

  /** {@code csum_fold}: folds to 16 bits and inverts (the x86 asm gives the generic result). */
  static int fold(int csum) {
    long s = csum & 0xffffffffL;
    s = (s & 0xffff) + (s >>> 16);
    s = (s & 0xffff) + (s >>> 16);
    return (int) (~s & 0xffff);
  }

  /** {@code csum_from32to16}: folds to 16 bits without inverting. */
  static int from32to16(int sum) {
    int rotated = (sum >>> 16) | (sum << 16);
    return ((sum + rotated) >>> 16) & 0xffff;
  }

  /** {@code csum16_add}. */
  private static int add16(int csum, int addend) {
    int res = (csum + addend) & 0xffff;
    return (res + (res < (addend & 0xffff) ? 1 : 0)) & 0xffff;
  }

  /** {@code csum_replace2}: the new {@code __sum16} after a 16-bit field changed. */
  static int replace2(int sum16, int from16, int to16) {
    int s = add16(add16(~sum16 & 0xffff, ~from16 & 0xffff), to16 & 0xffff);
    return ~s & 0xffff;
  }

  /** {@code csum_replace4}: the new {@code __sum16} after a 32-bit field changed. */
  static int replace4(int sum16, int from, int to) {
    int tmp = sub(~(sum16 & 0xffff), from);
    return fold(add(tmp, to));
  }

  /** {@code csum_replace_by_diff}: the new {@code __sum16} given a {@code __wsum} difference. */
  static int replaceByDiff(int sum16, int diff) {
    return fold(add(diff, ~(sum16 & 0xffff)));
  }

  /**
   * x86-64 {@code csum_partial(buf, len, seed)}. The assembly adds 64-bit little-endian words with
   * end-around carry and folds the result to 32 bits the same way; such a sum is 0 only when every
   * addend is 0 and otherwise the one value in [1, 2^32 - 1] congruent to the total modulo 2^32 -
   * 1, which is what this computes (a byte at offset {@code p} weighs 2^(8 (p mod 4)) since 2^32 is
   * 1 modulo 2^32 - 1).
   */
  static int partial(byte[] buf, int seed) {
    final long modulus = 0xffffffffL;
    long total = seed & 0xffffffffL;
    boolean allZero = seed == 0;
    for (int p = 0; p < buf.length; p++) {
      int b = buf[p] & 0xff;
      allZero &= b == 0;
      total = (total + ((long) b << (8 * (p % 4)))) % modulus;
    }
    if (allZero) {
      return 0;
    }
    return total == 0 ? (int) modulus : (int) total;
  }

  /**
   * {@code bpf_csum_diff} since Linux 6.13 (on every architecture): {@code csum_partial} of {@code
   * to} seeded with {@code seed}, minus that of {@code from}, folded to 16 bits without inverting;
   * any sizes. (Before 6.13 x86-64 returned the unfolded 32-bit sum and refused sizes that are not
   * multiples of 4 with {@code -EINVAL}.)
   */
  static long csumDiff(byte[] from, byte[] to, int seed) {
    int ret = seed;
    if (from.length > 0 && to.length > 0) {
      ret = sub(partial(to, ret), partial(from, 0));
    } else if (to.length > 0) {
      ret = partial(to, ret);
    } else if (from.length > 0) {
      ret = ~partial(from, ~ret);
    }
    return from32to16(ret);
  }
}
