package io.bpf4j.processor.opt;

/**
 * What a register's whole 64-bit contents may be, as a signed interval: {@code lo <= contents <=
 * hi}. Every 32-bit BPF operation zero-extends its result, so an int computed in a register lies in
 * {@link #U32} at worst.
 */
record Range(long lo, long hi) {
  static final Range ANY = new Range(Long.MIN_VALUE, Long.MAX_VALUE);
  static final Range U32 = new Range(0, 0xffff_ffffL);
  static final Range INT = new Range(Integer.MIN_VALUE, Integer.MAX_VALUE);

  static Range of(long value) {
    return new Range(value, value);
  }

  /** Values of {@code bits} unsigned bits: {@code [0, 2^bits - 1]}. */
  static Range unsigned(int bits) {
    return bits >= 64 ? ANY : new Range(0, (1L << bits) - 1);
  }

  /** Values of {@code bits} signed bits, sign-extended to 64. */
  static Range signed(int bits) {
    return bits >= 64 ? ANY : new Range(-(1L << (bits - 1)), (1L << (bits - 1)) - 1);
  }

  boolean within(Range r) {
    return lo >= r.lo && hi <= r.hi;
  }

  boolean nonNegative() {
    return lo >= 0;
  }

  boolean isConstant() {
    return lo == hi;
  }

  Range hull(Range o) {
    return new Range(Math.min(lo, o.lo), Math.max(hi, o.hi));
  }

  /**
   * The contents' low 32 bits read as a signed int (what a 32-bit signed comparison sees), or null
   * when that is not an interval.
   */
  Range asInt() {
    if (within(INT)) {
      return this;
    }
    if (lo >= 0x8000_0000L && hi <= 0xffff_ffffL) {
      return new Range(lo - 0x1_0000_0000L, hi - 0x1_0000_0000L);
    }
    return null;
  }

  /** The low 32 bits read as unsigned (what a 32-bit unsigned comparison sees), or null. */
  Range asUnsignedInt() {
    return within(U32) ? this : null;
  }

  /** The result of a 32-bit operation whose exact value may be {@code this}: wrapped, it's U32. */
  Range wrap32() {
    return within(U32) ? this : U32;
  }
}
