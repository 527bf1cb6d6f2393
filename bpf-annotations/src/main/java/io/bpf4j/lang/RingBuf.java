package io.bpf4j.lang;

/**
 * A {@code BPF_MAP_TYPE_RINGBUF} (kernel 5.8+): records a program hands to user space, in order.
 *
 * <p>Either copy a record in with {@link #output}, or build it in place: {@link #reserve} returns
 * the record inside the ring (null when the ring is full), field writes go straight to ring memory,
 * and {@link #submit} publishes it (or {@link #discard} drops it). Every path from a {@code
 * reserve()} must submit or discard the record exactly once and not touch it afterwards, as the
 * kernel verifier requires; the processor reports a path that does not on the line of the {@code
 * reserve()}.
 *
 * <pre>{@code
 * Event e = events.reserve();
 * if (e == null) {
 *   return 0;                 // the ring is full
 * }
 * e.pid = (int) Bpf.getCurrentPidTgid();
 * events.submit(e);
 * }</pre>
 *
 * @param <T> the record type, a {@code @Struct}
 */
public interface RingBuf<T> {
  /** {@code bpf_ringbuf_output}: true when the record was written. */
  boolean output(T value);

  /**
   * {@code bpf_ringbuf_reserve(ring, sizeof(T), 0)}: a record inside the ring, or null when the
   * ring has no room. Its memory is not cleared: write every field the reader looks at.
   */
  T reserve();

  /** {@code bpf_ringbuf_submit(record, 0)}: publishes a record {@link #reserve} returned. */
  void submit(T record);

  /** {@code bpf_ringbuf_discard(record, 0)}: drops a record {@link #reserve} returned. */
  void discard(T record);
}
