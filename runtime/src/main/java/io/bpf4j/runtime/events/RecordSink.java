package io.bpf4j.runtime.events;

import io.bpf4j.runtime.sys.MappedMemory;

/** Where a ring hands each record: its bytes, in place, valid only during the call. */
public interface RecordSink {
  /** One record of {@code length} bytes at {@code offset} of {@code memory}. */
  void record(MappedMemory memory, long offset, int length);

  /** One record that was copied out of the ring (it wrapped the ring's end). */
  void record(byte[] bytes, int offset, int length);

  /** Checked before each record: true stops the consumer, leaving the record in the ring. */
  default boolean stopped() {
    return false;
  }
}
