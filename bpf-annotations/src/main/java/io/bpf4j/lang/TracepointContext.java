package io.bpf4j.lang;

/**
 * The context of a {@code tracepoint/<category>/<event>} program: the event's raw record, whose
 * fields sit at the offsets that {@code /sys/kernel/tracing/events/<category>/<event>/format}
 * lists. Offsets must be constants, aligned to the field's size.
 */
public interface TracepointContext extends BpfContext {
  /** The 8-byte field at {@code offset}. */
  long readLong(int offset);

  /** The 4-byte field at {@code offset}. */
  int readInt(int offset);

  /** The 2-byte field at {@code offset}, zero-extended. */
  int readShort(int offset);

  /** The 1-byte field at {@code offset}, zero-extended. */
  int readByte(int offset);

  /**
   * The string of a {@code __data_loc char[]} field (such as {@code filename} of {@code
   * sched/sched_process_exec}) whose 4-byte descriptor is at {@code offset}, copied into {@code
   * dst} (a {@code byte[]} of constant length) with {@code bpf_probe_read_kernel_str}: truncated to
   * fit and NUL-terminated. Returns the length including the NUL, or a negative errno.
   */
  int readString(int offset, byte[] dst);
}
