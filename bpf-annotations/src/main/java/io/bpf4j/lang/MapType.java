package io.bpf4j.lang;

/** Kernel map types ({@code enum bpf_map_type}) that BPF code may declare. */
public enum MapType {
  HASH(1),
  ARRAY(2),
  PROG_ARRAY(3),
  PERF_EVENT_ARRAY(4),
  PERCPU_HASH(5),
  PERCPU_ARRAY(6),
  LRU_HASH(9),
  LRU_PERCPU_HASH(10),
  LPM_TRIE(11),
  QUEUE(22),
  STACK(23),
  RINGBUF(27);

  private final int kernelId;

  MapType(int kernelId) {
    this.kernelId = kernelId;
  }

  /** The value of {@code enum bpf_map_type}. */
  public int kernelId() {
    return kernelId;
  }
}
