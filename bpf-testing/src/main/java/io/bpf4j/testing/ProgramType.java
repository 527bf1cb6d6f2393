package io.bpf4j.testing;

import io.bpf4j.lang.BpfContext;
import io.bpf4j.lang.RawTracepointArgs;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.TracepointContext;
import io.bpf4j.lang.XdpMd;

/** The program type a {@code @Section} name selects ({@code enum bpf_prog_type}). */
public enum ProgramType {
  /** {@code socket}: data starts at the network header. */
  SOCKET_FILTER(SkBuff.class, true),
  /** {@code tc}, {@code classifier}, {@code tcx/ingress}, {@code tcx/egress}: the whole frame. */
  SCHED_CLS(SkBuff.class, true),
  /** {@code xdp}: the whole frame. */
  XDP(XdpMd.class, true),
  /** {@code cgroup_skb/ingress|egress}: data starts at the network header. */
  CGROUP_SKB(SkBuff.class, true),
  /** {@code tracepoint/<category>/<event>}: no packet; the kernel cannot test-run it. */
  TRACEPOINT(TracepointContext.class, false),
  /** {@code raw_tracepoint/<event>}: no packet. */
  RAW_TRACEPOINT(RawTracepointArgs.class, false);

  private final Class<? extends BpfContext> contextType;
  private final boolean packets;

  ProgramType(Class<? extends BpfContext> contextType, boolean packets) {
    this.contextType = contextType;
    this.packets = packets;
  }

  /** The context interface the program's parameter has. */
  public Class<? extends BpfContext> contextType() {
    return contextType;
  }

  /** Whether the program runs on packets, so that {@code run(name, frame)} applies. */
  public boolean runsOnPackets() {
    return packets;
  }

  /** Whether the context is an {@code __sk_buff}. */
  public boolean isSkb() {
    return contextType == SkBuff.class;
  }

  /** The program type of a libbpf section name, as the processor decides it, or null. */
  public static ProgramType ofSection(String s) {
    if (s.equals("socket") || s.startsWith("socket/")) {
      return SOCKET_FILTER;
    }
    if (s.equals("tc")
        || s.equals("classifier")
        || s.startsWith("tc/")
        || s.startsWith("classifier/")
        || s.equals("tcx/ingress")
        || s.equals("tcx/egress")) {
      return SCHED_CLS;
    }
    if (s.equals("xdp") || s.startsWith("xdp/")) {
      return XDP;
    }
    if (s.equals("cgroup_skb/ingress") || s.equals("cgroup_skb/egress")) {
      return CGROUP_SKB;
    }
    if (s.startsWith("tracepoint/") || s.startsWith("tp/")) {
      return TRACEPOINT;
    }
    if (s.startsWith("raw_tracepoint/") || s.startsWith("raw_tp/")) {
      return RAW_TRACEPOINT;
    }
    return null;
  }
}
