package io.bpf4j.lang;

/**
 * A {@code BPF_MAP_TYPE_QUEUE} (kernel 4.20+): a bounded FIFO of values without keys. Declare it
 * with {@code @Map(type = MapType.QUEUE, maxEntries = n)}; user space reaches it through the
 * runtime's {@code BpfObject.queue(name, type)}.
 *
 * <pre>{@code
 * @Map(type = MapType.QUEUE, maxEntries = 64)
 * static BpfQueue<Long> lengths;
 * ...
 * lengths.push((long) skb.len(), 0);
 * Long oldest = lengths.pop();     // null when empty
 * }</pre>
 *
 * @param <T> the value type: {@code Integer}, {@code Long} or a {@code @Struct}
 */
public interface BpfQueue<T> {
  /**
   * {@code bpf_map_push_elem(map, &value, flags)}: 0, or a negative errno ({@code -E2BIG} when the
   * queue is full and {@code flags} is 0). With {@link BpfMap#EXIST} a full queue drops its oldest
   * value to make room.
   */
  int push(T value, long flags);

  /**
   * {@code bpf_map_pop_elem}: removes and returns the oldest value (a copy on the BPF stack), or
   * null when the queue is empty.
   */
  T pop();

  /** {@code bpf_map_peek_elem}: a copy of the oldest value without removing it, or null. */
  T peek();
}
