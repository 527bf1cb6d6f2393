package io.bpf4j.object.load;

import java.util.List;
import java.util.Optional;

/**
 * libbpf's program section names ({@code SEC("...")}): which program type, expected attach type and
 * program flags a section name means. The table follows libbpf 1.5's {@code section_defs} for the
 * program types that need no BTF attach target; names match as libbpf matches them: exactly, or for
 * entries written {@code name+} either exactly or followed by {@code /} and anything (as {@code
 * tracepoint/syscalls/sys_enter_write}), the first matching entry winning.
 */
public final class ProgramSections {

  /** {@code BPF_F_SLEEPABLE}, for the {@code .s} sections. */
  public static final int BPF_F_SLEEPABLE = 1 << 4;

  /** {@code BPF_F_XDP_HAS_FRAGS}, for the {@code xdp.frags} sections. */
  public static final int BPF_F_XDP_HAS_FRAGS = 1 << 5;

  // enum bpf_prog_type
  public static final int SOCKET_FILTER = 1;
  public static final int KPROBE = 2;
  public static final int SCHED_CLS = 3;
  public static final int SCHED_ACT = 4;
  public static final int TRACEPOINT = 5;
  public static final int XDP = 6;
  public static final int PERF_EVENT = 7;
  public static final int CGROUP_SKB = 8;
  public static final int CGROUP_SOCK = 9;
  public static final int LWT_IN = 10;
  public static final int LWT_OUT = 11;
  public static final int LWT_XMIT = 12;
  public static final int SOCK_OPS = 13;
  public static final int SK_SKB = 14;
  public static final int CGROUP_DEVICE = 15;
  public static final int SK_MSG = 16;
  public static final int RAW_TRACEPOINT = 17;
  public static final int CGROUP_SOCK_ADDR = 18;
  public static final int LWT_SEG6LOCAL = 19;
  public static final int LIRC_MODE2 = 20;
  public static final int SK_REUSEPORT = 21;
  public static final int FLOW_DISSECTOR = 22;
  public static final int CGROUP_SYSCTL = 23;
  public static final int RAW_TRACEPOINT_WRITABLE = 24;
  public static final int CGROUP_SOCKOPT = 25;
  public static final int SK_LOOKUP = 30;
  public static final int SYSCALL = 31;
  public static final int NETFILTER = 32;

  /**
   * What a section name means.
   *
   * @param programType {@code enum bpf_prog_type}
   * @param expectedAttachType {@code enum bpf_attach_type}, or 0
   * @param programFlags {@code prog_flags}
   */
  public record Match(int programType, int expectedAttachType, int programFlags) {}

  private record Def(String pattern, int type, int attach, int flags) {
    boolean matches(String section) {
      if (pattern.endsWith("+")) {
        String stem = pattern.substring(0, pattern.length() - 1);
        return section.equals(stem) || section.startsWith(stem + "/");
      }
      return section.equals(pattern);
    }
  }

  private static Def def(String pattern, int type, int attach) {
    return new Def(pattern, type, attach, 0);
  }

  private static Def def(String pattern, int type, int attach, int flags) {
    return new Def(pattern, type, attach, flags);
  }

  // enum bpf_attach_type values are written out where used.
  private static final List<Def> DEFS =
      List.of(
          def("socket", SOCKET_FILTER, 0),
          def("sk_reuseport/migrate", SK_REUSEPORT, 40),
          def("sk_reuseport", SK_REUSEPORT, 39),
          def("kprobe+", KPROBE, 0),
          def("uprobe+", KPROBE, 0),
          def("uprobe.s+", KPROBE, 0, BPF_F_SLEEPABLE),
          def("kretprobe+", KPROBE, 0),
          def("uretprobe+", KPROBE, 0),
          def("uretprobe.s+", KPROBE, 0, BPF_F_SLEEPABLE),
          def("kprobe.multi+", KPROBE, 42),
          def("kretprobe.multi+", KPROBE, 42),
          def("kprobe.session+", KPROBE, 56),
          def("uprobe.multi+", KPROBE, 48),
          def("uretprobe.multi+", KPROBE, 48),
          def("uprobe.multi.s+", KPROBE, 48, BPF_F_SLEEPABLE),
          def("uretprobe.multi.s+", KPROBE, 48, BPF_F_SLEEPABLE),
          def("ksyscall+", KPROBE, 0),
          def("kretsyscall+", KPROBE, 0),
          def("usdt+", KPROBE, 0),
          def("usdt.s+", KPROBE, 0, BPF_F_SLEEPABLE),
          def("tc/ingress", SCHED_CLS, 46),
          def("tc/egress", SCHED_CLS, 47),
          def("tcx/ingress", SCHED_CLS, 46),
          def("tcx/egress", SCHED_CLS, 47),
          def("netkit/primary", SCHED_CLS, 54),
          def("netkit/peer", SCHED_CLS, 55),
          def("tc", SCHED_CLS, 0),
          def("classifier", SCHED_CLS, 0),
          def("action", SCHED_ACT, 0),
          def("tracepoint+", TRACEPOINT, 0),
          def("tp+", TRACEPOINT, 0),
          def("raw_tracepoint+", RAW_TRACEPOINT, 0),
          def("raw_tp+", RAW_TRACEPOINT, 0),
          def("raw_tracepoint.w+", RAW_TRACEPOINT_WRITABLE, 0),
          def("raw_tp.w+", RAW_TRACEPOINT_WRITABLE, 0),
          def("syscall", SYSCALL, 0, BPF_F_SLEEPABLE),
          def("xdp.frags/devmap", XDP, 33, BPF_F_XDP_HAS_FRAGS),
          def("xdp/devmap", XDP, 33),
          def("xdp.frags/cpumap", XDP, 35, BPF_F_XDP_HAS_FRAGS),
          def("xdp/cpumap", XDP, 35),
          def("xdp.frags", XDP, 37, BPF_F_XDP_HAS_FRAGS),
          def("xdp", XDP, 37),
          def("perf_event", PERF_EVENT, 0),
          def("lwt_in", LWT_IN, 0),
          def("lwt_out", LWT_OUT, 0),
          def("lwt_xmit", LWT_XMIT, 0),
          def("lwt_seg6local", LWT_SEG6LOCAL, 0),
          def("sockops", SOCK_OPS, 3),
          def("sk_skb/stream_parser", SK_SKB, 4),
          def("sk_skb/stream_verdict", SK_SKB, 5),
          def("sk_skb/verdict", SK_SKB, 38),
          def("sk_skb", SK_SKB, 0),
          def("sk_msg", SK_MSG, 7),
          def("lirc_mode2", LIRC_MODE2, 16),
          def("flow_dissector", FLOW_DISSECTOR, 17),
          def("cgroup_skb/ingress", CGROUP_SKB, 0),
          def("cgroup_skb/egress", CGROUP_SKB, 1),
          def("cgroup/skb", CGROUP_SKB, 0),
          def("cgroup/sock_create", CGROUP_SOCK, 2),
          def("cgroup/sock_release", CGROUP_SOCK, 34),
          def("cgroup/sock", CGROUP_SOCK, 2),
          def("cgroup/post_bind4", CGROUP_SOCK, 12),
          def("cgroup/post_bind6", CGROUP_SOCK, 13),
          def("cgroup/bind4", CGROUP_SOCK_ADDR, 8),
          def("cgroup/bind6", CGROUP_SOCK_ADDR, 9),
          def("cgroup/connect4", CGROUP_SOCK_ADDR, 10),
          def("cgroup/connect6", CGROUP_SOCK_ADDR, 11),
          def("cgroup/connect_unix", CGROUP_SOCK_ADDR, 49),
          def("cgroup/sendmsg4", CGROUP_SOCK_ADDR, 14),
          def("cgroup/sendmsg6", CGROUP_SOCK_ADDR, 15),
          def("cgroup/sendmsg_unix", CGROUP_SOCK_ADDR, 50),
          def("cgroup/recvmsg4", CGROUP_SOCK_ADDR, 19),
          def("cgroup/recvmsg6", CGROUP_SOCK_ADDR, 20),
          def("cgroup/recvmsg_unix", CGROUP_SOCK_ADDR, 51),
          def("cgroup/getpeername4", CGROUP_SOCK_ADDR, 29),
          def("cgroup/getpeername6", CGROUP_SOCK_ADDR, 30),
          def("cgroup/getpeername_unix", CGROUP_SOCK_ADDR, 52),
          def("cgroup/getsockname4", CGROUP_SOCK_ADDR, 31),
          def("cgroup/getsockname6", CGROUP_SOCK_ADDR, 32),
          def("cgroup/getsockname_unix", CGROUP_SOCK_ADDR, 53),
          def("cgroup/sysctl", CGROUP_SYSCTL, 18),
          def("cgroup/getsockopt", CGROUP_SOCKOPT, 21),
          def("cgroup/setsockopt", CGROUP_SOCKOPT, 22),
          def("cgroup/dev", CGROUP_DEVICE, 6),
          def("sk_lookup", SK_LOOKUP, 36),
          def("netfilter", NETFILTER, 45));

  private ProgramSections() {}

  /**
   * What {@code section} means, or empty when libbpf would not know it either or when it names a
   * program type this loader does not support (those attached by BTF id, such as {@code fentry/},
   * {@code lsm/}, {@code tp_btf/}, {@code iter/}, and {@code struct_ops}).
   */
  public static Optional<Match> forSection(String section) {
    for (Def d : DEFS) {
      if (d.matches(section)) {
        return Optional.of(new Match(d.type(), d.attach(), d.flags()));
      }
    }
    return Optional.empty();
  }
}
