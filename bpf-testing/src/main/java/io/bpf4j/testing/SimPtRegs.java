package io.bpf4j.testing;

import io.bpf4j.lang.PtRegs;

/**
 * The registers of a kprobe or uprobe, for running {@code uprobe/...} and {@code kprobe/...}
 * programs in the simulator: set the arguments and the return value the probe sees; a register not
 * set reads as 0.
 */
public final class SimPtRegs implements PtRegs {
  private final long[] args = new long[6];
  private long ret;
  private long ip;
  private long sp;

  /** Registers whose first arguments are {@code arguments} (at most 6). */
  public static SimPtRegs withArgs(long... arguments) {
    if (arguments.length > 6) {
      throw new IllegalArgumentException("x86-64 passes 6 arguments in registers");
    }
    SimPtRegs regs = new SimPtRegs();
    System.arraycopy(arguments, 0, regs.args, 0, arguments.length);
    return regs;
  }

  @Override
  public long arg(int n) {
    if (n < 0 || n >= 6) {
      throw new SimulationException("PtRegs.arg(" + n + "): n must be 0 to 5");
    }
    return args[n];
  }

  /** Sets argument {@code n}. */
  public SimPtRegs arg(int n, long value) {
    arg(n);
    args[n] = value;
    return this;
  }

  @Override
  public long ret() {
    return ret;
  }

  /** Sets the return value (what a return probe reads). */
  public SimPtRegs ret(long value) {
    this.ret = value;
    return this;
  }

  @Override
  public long ip() {
    return ip;
  }

  public SimPtRegs ip(long value) {
    this.ip = value;
    return this;
  }

  @Override
  public long sp() {
    return sp;
  }

  public SimPtRegs sp(long value) {
    this.sp = value;
    return this;
  }
}
