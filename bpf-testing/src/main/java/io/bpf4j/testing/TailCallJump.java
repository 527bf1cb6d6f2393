package io.bpf4j.testing;

/**
 * Unwinds a program that made a tail call: {@code bpf_tail_call} never returns to its caller, so
 * the simulator leaves the calling Java method by this throwable and runs the target in its place.
 * BPF code cannot catch it (the processor refuses try/catch).
 */
final class TailCallJump extends Error {
  final SimProgram target;

  TailCallJump(SimProgram target) {
    super(null, null, false, false);
    this.target = target;
  }
}
