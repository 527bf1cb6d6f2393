package io.bpf4j.runtime;

/** Kernel program types ({@code enum bpf_prog_type}) that bpf4j loads. */
public enum ProgramType {
  UNSPEC(0),
  SOCKET_FILTER(1),
  KPROBE(2),
  SCHED_CLS(3),
  SCHED_ACT(4),
  TRACEPOINT(5),
  XDP(6),
  PERF_EVENT(7),
  CGROUP_SKB(8),
  RAW_TRACEPOINT(17);

  private final int kernelId;

  ProgramType(int kernelId) {
    this.kernelId = kernelId;
  }

  public int kernelId() {
    return kernelId;
  }

  /** The type with kernel id {@code id}, or UNSPEC when bpf4j does not name it. */
  public static ProgramType of(int id) {
    for (ProgramType t : values()) {
      if (t.kernelId == id) {
        return t;
      }
    }
    return UNSPEC;
  }
}
