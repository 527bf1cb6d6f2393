package io.bpf4j.object.kernel;

/**
 * Kernel map types ({@code enum bpf_map_type}). The user-facing {@code io.bpf4j.lang.MapType} names
 * a subset of these constants by the same names; its kernel facts live here.
 */
public enum MapType {
  UNSPEC(0, "unspec"),
  HASH(1, "hash"),
  ARRAY(2, "array"),
  PROG_ARRAY(3, "prog_array"),
  PERF_EVENT_ARRAY(4, "perf_event_array"),
  PERCPU_HASH(5, "percpu_hash"),
  PERCPU_ARRAY(6, "percpu_array"),
  STACK_TRACE(7, "stack_trace"),
  CGROUP_ARRAY(8, "cgroup_array"),
  LRU_HASH(9, "lru_hash"),
  LRU_PERCPU_HASH(10, "lru_percpu_hash"),
  LPM_TRIE(11, "lpm_trie"),
  ARRAY_OF_MAPS(12, "array_of_maps"),
  HASH_OF_MAPS(13, "hash_of_maps"),
  DEVMAP(14, "devmap"),
  SOCKMAP(15, "sockmap"),
  CPUMAP(16, "cpumap"),
  XSKMAP(17, "xskmap"),
  SOCKHASH(18, "sockhash"),
  CGROUP_STORAGE(19, "cgroup_storage"),
  REUSEPORT_SOCKARRAY(20, "reuseport_sockarray"),
  PERCPU_CGROUP_STORAGE(21, "percpu_cgroup_storage"),
  QUEUE(22, "queue"),
  STACK(23, "stack"),
  SK_STORAGE(24, "sk_storage"),
  DEVMAP_HASH(25, "devmap_hash"),
  STRUCT_OPS(26, "struct_ops"),
  RINGBUF(27, "ringbuf"),
  INODE_STORAGE(28, "inode_storage"),
  TASK_STORAGE(29, "task_storage"),
  BLOOM_FILTER(30, "bloom_filter"),
  USER_RINGBUF(31, "user_ringbuf"),
  CGRP_STORAGE(32, "cgrp_storage"),
  ARENA(33, "arena");

  private final int kernelId;
  private final String kernelName;

  MapType(int kernelId, String kernelName) {
    this.kernelId = kernelId;
    this.kernelName = kernelName;
  }

  /** The value of {@code enum bpf_map_type}. */
  public int kernelId() {
    return kernelId;
  }

  /** The name bpftool prints ({@code percpu_hash}). */
  public String kernelName() {
    return kernelName;
  }

  /** Whether each CPU has its own copy of every value (user space reads one per possible CPU). */
  public boolean perCpu() {
    return this == PERCPU_HASH
        || this == PERCPU_ARRAY
        || this == LRU_PERCPU_HASH
        || this == PERCPU_CGROUP_STORAGE;
  }

  /** Whether {@code bpf_redirect_map} takes the map: a device, CPU or AF_XDP socket map. */
  public boolean redirectTarget() {
    return this == DEVMAP || this == DEVMAP_HASH || this == CPUMAP || this == XSKMAP;
  }

  /** {@code BPF_F_INNER_MAP}: an inner array whose max_entries may differ from the template's. */
  public static final int BPF_F_INNER_MAP = 1 << 12;

  /** Whether the map's values are other maps: {@code ARRAY_OF_MAPS} and {@code HASH_OF_MAPS}. */
  public boolean holdsMaps() {
    return this == ARRAY_OF_MAPS || this == HASH_OF_MAPS;
  }

  /**
   * Whether a map of this type put into a map of maps must have the template's {@code max_entries}
   * ({@code bpf_map_meta_equal} plus the array's own check): only an {@code ARRAY} whose template
   * lacks {@link #BPF_F_INNER_MAP} ({@code templateFlags}); hashes of any size are taken.
   */
  public boolean innerMaxEntriesMustMatch(int templateFlags) {
    return this == ARRAY && (templateFlags & BPF_F_INNER_MAP) == 0;
  }

  /** Whether keys are indexes {@code 0 .. max_entries-1} that always exist. */
  public boolean arrayLike() {
    return this == ARRAY || this == PERCPU_ARRAY || this == PROG_ARRAY;
  }

  /** Whether the map has no keys at all (its {@code key_size} must be 0). */
  public boolean keyless() {
    return this == QUEUE
        || this == STACK
        || this == BLOOM_FILTER
        || this == RINGBUF
        || this == USER_RINGBUF;
  }

  /** Whether the kernel requires {@code BPF_F_NO_PREALLOC} in the map's flags. */
  public boolean requiresNoPrealloc() {
    return this == LPM_TRIE
        || this == SK_STORAGE
        || this == INODE_STORAGE
        || this == TASK_STORAGE
        || this == CGRP_STORAGE;
  }

  /** The type with kernel id {@code id}, or {@link #UNSPEC} when the id is unknown. */
  public static MapType of(int id) {
    for (MapType t : values()) {
      if (t.kernelId == id) {
        return t;
      }
    }
    return UNSPEC;
  }
}
