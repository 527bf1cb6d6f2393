package io.bpf4j.lang;

/**
 * Kernel map types ({@code enum bpf_map_type}) that BPF code may declare. Their kernel ids and
 * rules live in bpf-object's kernel vocabulary ({@code io.bpf4j.object.kernel.MapType}), under the
 * same constant names.
 */
public enum MapType {
  HASH,
  ARRAY,
  PROG_ARRAY,
  PERF_EVENT_ARRAY,
  PERCPU_HASH,
  PERCPU_ARRAY,
  LRU_HASH,
  LRU_PERCPU_HASH,
  LPM_TRIE,
  QUEUE,
  STACK,
  RINGBUF,
  ARRAY_OF_MAPS,
  HASH_OF_MAPS,
  DEVMAP,
  DEVMAP_HASH,
  CPUMAP,
  XSKMAP
}
