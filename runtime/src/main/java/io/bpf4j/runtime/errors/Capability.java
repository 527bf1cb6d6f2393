package io.bpf4j.runtime.errors;

import java.util.Locale;

/**
 * The Linux capabilities that decide what {@code bpf(2)} allows ({@code capabilities(7)}), with
 * their bit in {@code /proc/self/status}' {@code CapEff}. CAP_SYS_ADMIN stands in for each of the
 * others, as the kernel's {@code bpf_capable()} and {@code perfmon_capable()} say.
 */
public enum Capability {
  /** Loading programs and creating maps at all (since 5.8). */
  BPF(39),
  /** Tracing program types, and helpers that read kernel memory or print (since 5.8). */
  PERFMON(38),
  /** Networking program types (tc, XDP, cgroup socket hooks) and attaching them. */
  NET_ADMIN(12),
  SYS_ADMIN(21);

  private final int bit;

  Capability(int bit) {
    this.bit = bit;
  }

  /** The name in {@code capabilities(7)}, {@code CAP_BPF}. */
  public String capName() {
    return "CAP_" + name();
  }

  /** The name {@code setcap} and {@code setpriv} take, {@code cap_bpf}. */
  public String setcapName() {
    return "cap_" + name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether the effective set {@code capEff} grants what this capability allows (directly or
   * through CAP_SYS_ADMIN); true when {@code capEff} is unknown (negative).
   */
  public boolean grantedBy(long capEff) {
    return capEff < 0 || (capEff & (1L << bit)) != 0 || (capEff & (1L << SYS_ADMIN.bit)) != 0;
  }
}
