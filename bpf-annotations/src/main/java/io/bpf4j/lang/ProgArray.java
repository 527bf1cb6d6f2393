package io.bpf4j.lang;

/** A {@code BPF_MAP_TYPE_PROG_ARRAY}: slots holding programs to tail-call into. */
public interface ProgArray {
  /**
   * {@code bpf_tail_call}: jumps to the program in slot {@code index} and never returns; when the
   * slot is empty, execution falls through to the next statement.
   */
  void tailCall(BpfContext ctx, int index);
}
