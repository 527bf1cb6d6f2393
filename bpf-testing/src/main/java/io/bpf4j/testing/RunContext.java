package io.bpf4j.testing;

import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.jvm.HelperBackend;
import io.bpf4j.lang.jvm.HelperBackends;
import io.bpf4j.object.kernel.ProgramType;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated run on the thread that performs it: the helpers {@code Bpf} calls go here, and so
 * do the simulated maps that need the current CPU and the prog arrays that count tail calls.
 */
final class RunContext implements HelperBackend {
  private static final ThreadLocal<RunContext> CURRENT = new ThreadLocal<>();

  private final BpfSimulator simulator;
  private final ProgramType entryType;
  private final List<String> printk = new ArrayList<>();
  private int tailCalls;
  private SimRedirect redirectTarget;

  RunContext(BpfSimulator simulator, ProgramType entryType) {
    this.simulator = simulator;
    this.entryType = entryType;
  }

  /** The run on this thread, or null outside runs. */
  static RunContext current() {
    return CURRENT.get();
  }

  /** Makes this the thread's run, and its helpers those of {@code Bpf}, until closed. */
  HelperBackends.Installation enter() {
    RunContext previous = CURRENT.get();
    CURRENT.set(this);
    HelperBackends.Installation helpers = HelperBackends.install(this);
    return () -> {
      helpers.close();
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  ProgramType entryType() {
    return entryType;
  }

  int cpu() {
    return simulator.cpu();
  }

  List<String> printk() {
    return printk;
  }

  /** Whether the run has made fewer than {@link SimProgArray#MAX_TAIL_CALLS} tail calls. */
  boolean mayTailCall() {
    return tailCalls < SimProgArray.MAX_TAIL_CALLS;
  }

  void countTailCall() {
    tailCalls++;
  }

  @Override
  public int printk(String fmt, long[] args) {
    TracePrintk.Result r = TracePrintk.format(fmt, args);
    if (r.line() != null) {
      printk.add(r.line());
      simulator.recordPrintk(r.line());
    }
    return r.returnValue();
  }

  @Override
  public long ktimeGetNs() {
    return simulator.tickClock();
  }

  @Override
  public int getPrandomU32() {
    return simulator.nextRandom();
  }

  @Override
  public int getSmpProcessorId() {
    return simulator.cpu();
  }

  @Override
  public long getCurrentPidTgid() {
    return simulator.pidTgid();
  }

  @Override
  public long getCurrentUidGid() {
    return simulator.uidGid();
  }

  @Override
  public int getCurrentComm(byte[] dst) {
    byte[] name = simulator.comm().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return CString.copy(name, dst);
  }

  @Override
  public <T> T currentTask(Class<T> type) {
    Object task = simulator.currentTask();
    if (task == null) {
      throw new SimulationException(
          "the program asked for the current task: give the simulator one with"
              + " BpfSimulator.currentTask(view)");
    }
    return viewAs(type, task);
  }

  @Override
  public <T> T kernelObject(Class<T> type, long address) {
    Object object = simulator.kernelObject(address);
    if (object == null) {
      // What a failed bpf_probe_read_kernel gives a BPF program: zeros, here a fresh view.
      try {
        java.lang.reflect.Constructor<T> c = type.getDeclaredConstructor();
        c.setAccessible(true);
        return c.newInstance();
      } catch (ReflectiveOperationException e) {
        throw new SimulationException(
            "no kernel object at 0x"
                + Long.toHexString(address)
                + " and "
                + type.getName()
                + " has no no-argument constructor to stand for zeroed memory");
      }
    }
    return viewAs(type, object);
  }

  private static <T> T viewAs(Class<T> type, Object object) {
    if (!type.isInstance(object)) {
      throw new SimulationException(
          "the program views the task as "
              + type.getName()
              + " but the simulator holds a "
              + object.getClass().getName());
    }
    return type.cast(object);
  }

  /** The target the last redirect helper left (null when none, or when a map lookup failed). */
  SimRedirect redirectTarget() {
    return redirectTarget;
  }

  void redirectTarget(SimRedirect target) {
    redirectTarget = target;
  }

  @Override
  public int redirect(int ifindex, long flags) {
    return Redirects.redirect(this, ifindex, flags, entryType == ProgramType.XDP);
  }

  @Override
  public long csumDiff(byte[] from, byte[] to, int seed) {
    return KernelChecksums.csumDiff(from, to, seed);
  }

  @Override
  public long getSocketCookie(SkBuff skb) {
    return skb instanceof SimSkBuff s ? s.socketCookie() : 1;
  }

  @Override
  public int getSocketUid(SkBuff skb) {
    return skb instanceof SimSkBuff s ? s.socketUid() : 0;
  }
}
