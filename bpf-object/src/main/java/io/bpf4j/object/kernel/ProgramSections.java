package io.bpf4j.object.kernel;

import static io.bpf4j.object.kernel.AttachType.*;
import static io.bpf4j.object.kernel.ProgramType.*;

import java.util.List;
import java.util.Optional;

/**
 * libbpf's program section names ({@code SEC("...")}): which program type, expected attach type and
 * program flags a section name means. The table follows libbpf 1.5's {@code section_defs} for the
 * program types bpf4j loads (those attached by BTF id included); names match as libbpf matches
 * them: exactly, or for entries written {@code name+} either exactly or followed by {@code /} and
 * anything (as {@code tracepoint/syscalls/sys_enter_write}), the first matching entry winning. The
 * processor compiles a section when its program type is one {@link ProgramType#compiledByBpf4j()
 * bpf4j compiles}, so that every object it writes is one libbpf and the runtime can load.
 */
public final class ProgramSections {

  /** {@code BPF_F_SLEEPABLE}, for the {@code .s} sections. */
  public static final int BPF_F_SLEEPABLE = 1 << 4;

  /** {@code BPF_F_XDP_HAS_FRAGS}, for the {@code xdp.frags} sections. */
  public static final int BPF_F_XDP_HAS_FRAGS = 1 << 5;

  /**
   * What a section name means.
   *
   * @param programType the program type
   * @param expectedAttachType the expected attach type, or null when the load names none
   * @param programFlags {@code prog_flags}
   */
  public record Match(ProgramType programType, AttachType expectedAttachType, int programFlags) {
    /** {@code expected_attach_type} as the load passes it: 0 when there is none. */
    public int expectedAttachTypeId() {
      return expectedAttachType == null ? 0 : expectedAttachType.kernelId();
    }
  }

  private record Def(String pattern, ProgramType type, AttachType attach, int flags) {
    boolean matches(String section) {
      if (pattern.endsWith("+")) {
        String stem = pattern.substring(0, pattern.length() - 1);
        return section.equals(stem) || section.startsWith(stem + "/");
      }
      return section.equals(pattern);
    }
  }

  private static Def def(String pattern, ProgramType type, AttachType attach) {
    return new Def(pattern, type, attach, 0);
  }

  private static Def def(String pattern, ProgramType type, AttachType attach, int flags) {
    return new Def(pattern, type, attach, flags);
  }

  private static final List<Def> DEFS =
      List.of(
          def("socket", SOCKET_FILTER, null),
          def("sk_reuseport/migrate", SK_REUSEPORT, SK_REUSEPORT_SELECT_OR_MIGRATE),
          def("sk_reuseport", SK_REUSEPORT, SK_REUSEPORT_SELECT),
          def("kprobe+", KPROBE, null),
          def("uprobe+", KPROBE, null),
          def("uprobe.s+", KPROBE, null, BPF_F_SLEEPABLE),
          def("kretprobe+", KPROBE, null),
          def("uretprobe+", KPROBE, null),
          def("uretprobe.s+", KPROBE, null, BPF_F_SLEEPABLE),
          def("kprobe.multi+", KPROBE, TRACE_KPROBE_MULTI),
          def("kretprobe.multi+", KPROBE, TRACE_KPROBE_MULTI),
          def("kprobe.session+", KPROBE, TRACE_KPROBE_SESSION),
          def("uprobe.multi+", KPROBE, TRACE_UPROBE_MULTI),
          def("uretprobe.multi+", KPROBE, TRACE_UPROBE_MULTI),
          def("uprobe.multi.s+", KPROBE, TRACE_UPROBE_MULTI, BPF_F_SLEEPABLE),
          def("uretprobe.multi.s+", KPROBE, TRACE_UPROBE_MULTI, BPF_F_SLEEPABLE),
          def("ksyscall+", KPROBE, null),
          def("kretsyscall+", KPROBE, null),
          def("usdt+", KPROBE, null),
          def("usdt.s+", KPROBE, null, BPF_F_SLEEPABLE),
          def("tc/ingress", SCHED_CLS, TCX_INGRESS),
          def("tc/egress", SCHED_CLS, TCX_EGRESS),
          def("tcx/ingress", SCHED_CLS, TCX_INGRESS),
          def("tcx/egress", SCHED_CLS, TCX_EGRESS),
          def("netkit/primary", SCHED_CLS, NETKIT_PRIMARY),
          def("netkit/peer", SCHED_CLS, NETKIT_PEER),
          def("tc", SCHED_CLS, null),
          def("classifier", SCHED_CLS, null),
          def("action", SCHED_ACT, null),
          def("tracepoint+", TRACEPOINT, null),
          def("tp+", TRACEPOINT, null),
          def("raw_tracepoint+", RAW_TRACEPOINT, null),
          def("raw_tp+", RAW_TRACEPOINT, null),
          def("raw_tracepoint.w+", RAW_TRACEPOINT_WRITABLE, null),
          def("raw_tp.w+", RAW_TRACEPOINT_WRITABLE, null),
          // Attached by BTF id: the load names the target's id in the kernel's BTF
          // (attach_btf_id), found from what follows the slash (see the runtime's BtfTargets).
          def("tp_btf+", TRACING, TRACE_RAW_TP),
          def("fentry+", TRACING, TRACE_FENTRY),
          def("fmod_ret+", TRACING, MODIFY_RETURN),
          def("fexit+", TRACING, TRACE_FEXIT),
          def("fentry.s+", TRACING, TRACE_FENTRY, BPF_F_SLEEPABLE),
          def("fmod_ret.s+", TRACING, MODIFY_RETURN, BPF_F_SLEEPABLE),
          def("fexit.s+", TRACING, TRACE_FEXIT, BPF_F_SLEEPABLE),
          def("lsm+", ProgramType.LSM, LSM_MAC),
          def("lsm.s+", ProgramType.LSM, LSM_MAC, BPF_F_SLEEPABLE),
          def("iter+", TRACING, TRACE_ITER),
          def("iter.s+", TRACING, TRACE_ITER, BPF_F_SLEEPABLE),
          def("syscall", SYSCALL, null, BPF_F_SLEEPABLE),
          def("xdp.frags/devmap", ProgramType.XDP, XDP_DEVMAP, BPF_F_XDP_HAS_FRAGS),
          def("xdp/devmap", ProgramType.XDP, XDP_DEVMAP),
          def("xdp.frags/cpumap", ProgramType.XDP, XDP_CPUMAP, BPF_F_XDP_HAS_FRAGS),
          def("xdp/cpumap", ProgramType.XDP, XDP_CPUMAP),
          def("xdp.frags", ProgramType.XDP, AttachType.XDP, BPF_F_XDP_HAS_FRAGS),
          def("xdp", ProgramType.XDP, AttachType.XDP),
          def("perf_event", ProgramType.PERF_EVENT, null),
          def("lwt_in", LWT_IN, null),
          def("lwt_out", LWT_OUT, null),
          def("lwt_xmit", LWT_XMIT, null),
          def("lwt_seg6local", LWT_SEG6LOCAL, null),
          def("sockops", SOCK_OPS, CGROUP_SOCK_OPS),
          def("sk_skb/stream_parser", SK_SKB, SK_SKB_STREAM_PARSER),
          def("sk_skb/stream_verdict", SK_SKB, SK_SKB_STREAM_VERDICT),
          def("sk_skb/verdict", SK_SKB, SK_SKB_VERDICT),
          def("sk_skb", SK_SKB, null),
          def("sk_msg", SK_MSG, SK_MSG_VERDICT),
          def("lirc_mode2", ProgramType.LIRC_MODE2, AttachType.LIRC_MODE2),
          def("flow_dissector", ProgramType.FLOW_DISSECTOR, AttachType.FLOW_DISSECTOR),
          def("cgroup_skb/ingress", CGROUP_SKB, CGROUP_INET_INGRESS),
          def("cgroup_skb/egress", CGROUP_SKB, CGROUP_INET_EGRESS),
          def("cgroup/skb", CGROUP_SKB, null),
          def("cgroup/sock_create", CGROUP_SOCK, CGROUP_INET_SOCK_CREATE),
          def("cgroup/sock_release", CGROUP_SOCK, CGROUP_INET_SOCK_RELEASE),
          def("cgroup/sock", CGROUP_SOCK, CGROUP_INET_SOCK_CREATE),
          def("cgroup/post_bind4", CGROUP_SOCK, CGROUP_INET4_POST_BIND),
          def("cgroup/post_bind6", CGROUP_SOCK, CGROUP_INET6_POST_BIND),
          def("cgroup/bind4", CGROUP_SOCK_ADDR, CGROUP_INET4_BIND),
          def("cgroup/bind6", CGROUP_SOCK_ADDR, CGROUP_INET6_BIND),
          def("cgroup/connect4", CGROUP_SOCK_ADDR, CGROUP_INET4_CONNECT),
          def("cgroup/connect6", CGROUP_SOCK_ADDR, CGROUP_INET6_CONNECT),
          def("cgroup/connect_unix", CGROUP_SOCK_ADDR, CGROUP_UNIX_CONNECT),
          def("cgroup/sendmsg4", CGROUP_SOCK_ADDR, CGROUP_UDP4_SENDMSG),
          def("cgroup/sendmsg6", CGROUP_SOCK_ADDR, CGROUP_UDP6_SENDMSG),
          def("cgroup/sendmsg_unix", CGROUP_SOCK_ADDR, CGROUP_UNIX_SENDMSG),
          def("cgroup/recvmsg4", CGROUP_SOCK_ADDR, CGROUP_UDP4_RECVMSG),
          def("cgroup/recvmsg6", CGROUP_SOCK_ADDR, CGROUP_UDP6_RECVMSG),
          def("cgroup/recvmsg_unix", CGROUP_SOCK_ADDR, CGROUP_UNIX_RECVMSG),
          def("cgroup/getpeername4", CGROUP_SOCK_ADDR, CGROUP_INET4_GETPEERNAME),
          def("cgroup/getpeername6", CGROUP_SOCK_ADDR, CGROUP_INET6_GETPEERNAME),
          def("cgroup/getpeername_unix", CGROUP_SOCK_ADDR, CGROUP_UNIX_GETPEERNAME),
          def("cgroup/getsockname4", CGROUP_SOCK_ADDR, CGROUP_INET4_GETSOCKNAME),
          def("cgroup/getsockname6", CGROUP_SOCK_ADDR, CGROUP_INET6_GETSOCKNAME),
          def("cgroup/getsockname_unix", CGROUP_SOCK_ADDR, CGROUP_UNIX_GETSOCKNAME),
          def("cgroup/sysctl", ProgramType.CGROUP_SYSCTL, AttachType.CGROUP_SYSCTL),
          def("cgroup/getsockopt", CGROUP_SOCKOPT, CGROUP_GETSOCKOPT),
          def("cgroup/setsockopt", CGROUP_SOCKOPT, CGROUP_SETSOCKOPT),
          def("cgroup/dev", ProgramType.CGROUP_DEVICE, AttachType.CGROUP_DEVICE),
          def("sk_lookup", ProgramType.SK_LOOKUP, AttachType.SK_LOOKUP),
          def("netfilter", ProgramType.NETFILTER, AttachType.NETFILTER));

  private ProgramSections() {}

  /**
   * What {@code section} means, or empty when libbpf would not know it either or when it names a
   * program type this loader does not support (such as {@code struct_ops} and {@code freplace}).
   */
  public static Optional<Match> forSection(String section) {
    for (Def d : DEFS) {
      if (d.matches(section)) {
        return Optional.of(new Match(d.type(), d.attach(), d.flags()));
      }
    }
    return Optional.empty();
  }

  /**
   * The program type of a section the processor compiles into a program, or null when the name
   * means nothing to libbpf or names a program type bpf4j does not compile.
   */
  public static ProgramType compiledProgramType(String section) {
    return forSection(section)
        .map(Match::programType)
        .filter(ProgramType::compiledByBpf4j)
        .orElse(null);
  }

  /** The section names the processor compiles, as written in the table ({@code tracepoint+}). */
  public static List<String> compiledPatterns() {
    return DEFS.stream().filter(d -> d.type().compiledByBpf4j()).map(Def::pattern).toList();
  }
}
