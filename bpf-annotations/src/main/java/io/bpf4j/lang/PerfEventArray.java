package io.bpf4j.lang;

/**
 * A {@code BPF_MAP_TYPE_PERF_EVENT_ARRAY} (kernel 4.4+): one perf ring per CPU, which user space
 * opens with {@code perf_event_open} and places in the map. Declare it with {@code maxEntries = 0}
 * and the loader sizes it to the number of possible CPUs, as libbpf does.
 *
 * @param <T> the record type, a {@code @Struct}
 */
public interface PerfEventArray<T> {
  /**
   * {@code bpf_perf_event_output(ctx, map, BPF_F_CURRENT_CPU, &value, sizeof(T))}: copies {@code
   * value} into the current CPU's ring; 0, or a negative errno ({@code -ENOENT} when no reader
   * opened that CPU's ring, {@code -ENOSPC} when it is full). {@code ctx} is the program's context.
   */
  int output(BpfContext ctx, T value);
}
