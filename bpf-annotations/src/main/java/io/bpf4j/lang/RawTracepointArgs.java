package io.bpf4j.lang;

/**
 * The context of a {@code raw_tracepoint/<event>} program ({@code struct bpf_raw_tracepoint_args}):
 * the tracepoint's arguments as the kernel passes them, untyped.
 */
public interface RawTracepointArgs extends BpfContext {
  /** Argument {@code index} (a constant, 0 to 11) as a 64-bit value. */
  long arg(int index);
}
