package io.bpf4j.runtime.errors;

import io.bpf4j.object.kernel.ProgramType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which capabilities a {@code bpf(2)} operation needs, as the kernel checks them ({@code
 * kernel/bpf/syscall.c}, {@code bpf_prog_load}: CAP_BPF for all but socket filters and cgroup skb
 * programs, CAP_NET_ADMIN for networking types, CAP_PERFMON for tracing types), and the advice that
 * names the ones the process lacks instead of a blanket "run as root".
 */
public final class Privileges {
  private Privileges() {}

  private static final Set<ProgramType> NET_ADMIN_TYPES =
      EnumSet.of(
          ProgramType.SCHED_CLS,
          ProgramType.SCHED_ACT,
          ProgramType.XDP,
          ProgramType.LWT_IN,
          ProgramType.LWT_OUT,
          ProgramType.LWT_XMIT,
          ProgramType.LWT_SEG6LOCAL,
          ProgramType.SK_SKB,
          ProgramType.SK_MSG,
          ProgramType.FLOW_DISSECTOR,
          ProgramType.CGROUP_DEVICE,
          ProgramType.CGROUP_SOCK,
          ProgramType.CGROUP_SOCK_ADDR,
          ProgramType.CGROUP_SOCKOPT,
          ProgramType.CGROUP_SYSCTL,
          ProgramType.SOCK_OPS,
          ProgramType.EXT,
          ProgramType.NETFILTER);

  private static final Set<ProgramType> PERFMON_TYPES =
      EnumSet.of(
          ProgramType.KPROBE,
          ProgramType.TRACEPOINT,
          ProgramType.PERF_EVENT,
          ProgramType.RAW_TRACEPOINT,
          ProgramType.RAW_TRACEPOINT_WRITABLE,
          ProgramType.TRACING,
          ProgramType.LSM,
          ProgramType.STRUCT_OPS,
          ProgramType.EXT);

  /**
   * Helpers the kernel gives a program only when the loading process has CAP_PERFMON ({@code
   * bpf_base_func_proto}): without it the verifier calls them unknown.
   */
  public static final Set<String> PERFMON_HELPERS =
      Set.of(
          "bpf_trace_printk",
          "bpf_trace_vprintk",
          "bpf_snprintf_btf",
          "bpf_probe_read_user",
          "bpf_probe_read_user_str",
          "bpf_probe_read_kernel",
          "bpf_probe_read_kernel_str",
          "bpf_get_current_task",
          "bpf_get_current_task_btf",
          "bpf_task_pt_regs",
          "bpf_per_cpu_ptr",
          "bpf_this_cpu_ptr",
          "bpf_copy_from_user",
          "bpf_copy_from_user_task");

  /** What loading a program of kernel type {@code programType} needs. */
  public static Set<Capability> forProgram(int programType) {
    // Socket filters and cgroup skb programs need none where kernel.unprivileged_bpf_disabled is
    // 0; distributions set it to 2 (the kernel default since 5.16), so CAP_BPF is needed for all.
    Set<Capability> out = EnumSet.of(Capability.BPF);
    ProgramType t = type(programType);
    if (t != null && NET_ADMIN_TYPES.contains(t)) {
      out.add(Capability.NET_ADMIN);
    }
    if (t != null && PERFMON_TYPES.contains(t)) {
      out.add(Capability.PERFMON);
    }
    return out;
  }

  private static ProgramType type(int id) {
    for (ProgramType t : ProgramType.values()) {
      if (t.kernelId() == id) {
        return t;
      }
    }
    return null;
  }

  /** The capabilities of {@code needed} that {@code capEff} does not grant. */
  public static List<Capability> missing(long capEff, Set<Capability> needed) {
    List<Capability> out = new ArrayList<>();
    for (Capability c : needed) {
      if (!c.grantedBy(capEff)) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * The advice for a permission error of an operation that needs {@code needed} ({@code needs} says
   * who needs it, e.g. "tracepoint programs"), given the process's effective capabilities.
   */
  public static String advice(long capEff, Set<Capability> needed, String needs) {
    if (capEff < 0) {
      return "permission denied: " + Errors.PRIVILEGES;
    }
    List<Capability> lacking = missing(capEff, needed);
    if (lacking.isEmpty()) {
      return "permission denied although the process has "
          + names(needed.isEmpty() ? EnumSet.of(Capability.BPF) : needed)
          + ": something other than capabilities refused it (a seccomp filter, an LSM such as"
          + " SELinux or AppArmor, kernel lockdown, or a file mode on bpffs)";
    }
    return "permission denied: the process lacks "
        + names(lacking)
        + (needs == null ? "" : ", which " + needs + " need")
        + "; grant "
        + (lacking.size() == 1 ? "it" : "them")
        + " (setcap "
        + setcap(needed)
        + "+ep on the java binary, or AmbientCapabilities="
        + needed.stream().map(Capability::capName).collect(Collectors.joining(" "))
        + " in a systemd unit) or run as root";
  }

  /** "CAP_BPF and CAP_PERFMON". */
  public static String names(Iterable<Capability> caps) {
    List<String> names = new ArrayList<>();
    caps.forEach(c -> names.add(c.capName()));
    if (names.size() <= 1) {
      return names.isEmpty() ? "no capability" : names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " and "
        + names.get(names.size() - 1);
  }

  private static String setcap(Set<Capability> caps) {
    return caps.stream().map(Capability::setcapName).collect(Collectors.joining(","));
  }

  /** "tracing programs (tracepoint)" and the like, for {@link #advice}. */
  public static String whoNeeds(int programType) {
    ProgramType t = type(programType);
    String name = t == null ? "type " + programType : t.kernelName();
    if (t != null && PERFMON_TYPES.contains(t)) {
      return "tracing programs (here " + name + ")";
    }
    if (t != null && NET_ADMIN_TYPES.contains(t)) {
      return "networking programs (here " + name + ")";
    }
    return name + " programs";
  }
}
