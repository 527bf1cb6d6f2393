package io.bpf4j.lang;

/**
 * A {@code BPF_MAP_TYPE_RINGBUF} (kernel 5.8+).
 *
 * @param <T> the record type, a {@code @Struct}
 */
public interface RingBuf<T> {
  /** {@code bpf_ringbuf_output}: true when the record was written. */
  boolean output(T value);
}
