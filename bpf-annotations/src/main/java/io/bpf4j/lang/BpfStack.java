package io.bpf4j.lang;

/**
 * A {@code BPF_MAP_TYPE_STACK} (kernel 4.20+): a bounded LIFO of values without keys. Declare it
 * with {@code @Map(type = MapType.STACK, maxEntries = n)}; user space reaches it through the
 * runtime's {@code BpfObject.queue(name, type)}, whose pop then returns the newest value.
 *
 * @param <T> the value type: {@code Integer}, {@code Long} or a {@code @Struct}
 */
public interface BpfStack<T> {
  /**
   * {@code bpf_map_push_elem(map, &value, flags)}: 0, or a negative errno ({@code -E2BIG} when the
   * stack is full and {@code flags} is 0). With {@link BpfMap#EXIST} a full stack drops its oldest
   * (bottom) value to make room.
   */
  int push(T value, long flags);

  /**
   * {@code bpf_map_pop_elem}: removes and returns the newest value (a copy on the BPF stack), or
   * null when the stack is empty.
   */
  T pop();

  /** {@code bpf_map_peek_elem}: a copy of the newest value without removing it, or null. */
  T peek();
}
