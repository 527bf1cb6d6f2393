package io.bpf4j.object.insn;

/**
 * The eBPF registers: r0 (return value), r1-r5 (arguments, clobbered by calls), r6-r9 (callee
 * saved) and r10 (read-only frame pointer).
 */
public enum Register {
  R0,
  R1,
  R2,
  R3,
  R4,
  R5,
  R6,
  R7,
  R8,
  R9,
  R10;

  /** The register's number as encoded in an instruction. */
  public int number() {
    return ordinal();
  }

  /** The register with number {@code n}, 0..10. */
  public static Register of(int n) {
    if (n < 0 || n > 10) {
      throw new IllegalArgumentException("no eBPF register r" + n);
    }
    return values()[n];
  }

  @Override
  public String toString() {
    return "r" + ordinal();
  }
}
