package io.bpf4j.processor.model;

/**
 * The program types a {@code @Section} name selects, with the context interface each receives
 * ({@code enum bpf_prog_type}).
 */
public enum ProgramType {
  SOCKET_FILTER(1, "io/bpf4j/lang/SkBuff"),
  SCHED_CLS(3, "io/bpf4j/lang/SkBuff"),
  TRACEPOINT(5, "io/bpf4j/lang/TracepointContext"),
  XDP(6, "io/bpf4j/lang/XdpMd"),
  CGROUP_SKB(8, "io/bpf4j/lang/SkBuff"),
  RAW_TRACEPOINT(17, "io/bpf4j/lang/RawTracepointArgs");

  private final int kernelId;
  private final String contextType;

  ProgramType(int kernelId, String contextType) {
    this.kernelId = kernelId;
    this.contextType = contextType;
  }

  public int kernelId() {
    return kernelId;
  }

  /**
   * Whether the kernel lets the type use {@code LD_ABS} / {@code LD_IND} ({@code may_access_skb}).
   */
  public boolean allowsPacketLoadInstructions() {
    return this == SOCKET_FILTER || this == SCHED_CLS;
  }

  /** The internal name of the context interface. */
  public String contextType() {
    return contextType;
  }

  /** The program type of a libbpf section name, or null when unknown. */
  public static ProgramType ofSection(String section) {
    String s = section;
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
