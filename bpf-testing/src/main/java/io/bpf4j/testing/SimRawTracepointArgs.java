package io.bpf4j.testing;

import io.bpf4j.lang.RawTracepointArgs;

/**
 * The arguments of a raw tracepoint, for running {@code raw_tracepoint/...} programs in the
 * simulator; an argument not given reads as 0.
 */
public final class SimRawTracepointArgs implements RawTracepointArgs {
  private final long[] args;

  public SimRawTracepointArgs(long... args) {
    this.args = args.clone();
  }

  @Override
  public long arg(int index) {
    if (index < 0 || index > 11) {
      throw new SimulationException("raw tracepoint argument " + index + " is not 0 to 11");
    }
    return index < args.length ? args[index] : 0;
  }
}
