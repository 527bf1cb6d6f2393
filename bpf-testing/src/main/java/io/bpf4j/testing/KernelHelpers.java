package io.bpf4j.testing;

import io.bpf4j.object.kernel.ProgramType;

/**
 * The simulator's pure helpers, callable without a program run: what {@code bpf_csum_diff} and
 * {@code bpf_redirect} return. Tests that compare the simulator with the kernel on programs written
 * in C use them; BPF code calls them through {@code io.bpf4j.lang.Bpf}.
 */
public final class KernelHelpers {
  private KernelHelpers() {}

  /**
   * {@code bpf_csum_diff(from, from.length, to, to.length, seed)} on x86-64, Linux 6.13 and later:
   * the result folded to 16 bits (the kernel's byte order: bytes as the CPU loads them).
   */
  public static long csumDiff(byte[] from, byte[] to, int seed) {
    return KernelChecksums.csumDiff(from, to, seed);
  }

  /** What {@code bpf_redirect(ifindex, flags)} returns in a program of {@code type}. */
  public static int redirect(ProgramType type, int ifindex, long flags) {
    RunContext run = new RunContext(null, type);
    return Redirects.redirect(run, ifindex, flags, type == ProgramType.XDP);
  }
}
