package io.bpf4j.testing;

import io.bpf4j.annotations.Helper;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.TailCallTarget;
import io.bpf4j.lang.BpfContext;
import io.bpf4j.lang.jvm.HelperBackends;
import io.bpf4j.object.kernel.ProgramSections;
import io.bpf4j.object.kernel.ProgramType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Runs the {@code @Section} methods of a bpf4j program class in the JVM, for unit tests without a
 * kernel or root:
 *
 * <pre>{@code
 * BpfSimulator sim = BpfSimulator.of(BandwidthMonitor.class);
 * SimResult r = sim.run("socketFilter", frame);          // an Ethernet frame, as BPF_PROG_TEST_RUN
 * assertEquals(List.of("pkt len = 46, ifindex = 1, ingress_ifindex = 0", "No tailcall registered!"),
 *     r.printk());
 * assertEquals(1, sim.map("bwMonitorMap", Integer.class, TrafficCounters.class).get(1).pkts);
 * }</pre>
 *
 * <p>{@link #of} puts fresh in-memory maps into the class's {@code @Map} static fields, with the
 * kernel's semantics (errno values, flags, per-CPU copies, LRU eviction, ring buffer space, tail
 * calls). A packet is shown to each program type as {@code BPF_PROG_TEST_RUN} shows it. {@code
 * Bpf.printk} lines are captured, formatted as {@code bpf_trace_printk} does; the clock, the random
 * numbers, the CPU and the pid are simulated and settable, so runs are deterministic. Where Java
 * would throw (division by zero, a null map value, an array index out of bounds, a packet read or
 * write past the end) the run returns the section's {@code onFault} value (default 0), as the
 * compiled program does, and the result says why. Packet writes, head and tail adjustments,
 * checksum helpers and redirects change the context as the kernel's helpers do: {@link
 * SimResult#dataOut()} is the packet as {@code BPF_PROG_TEST_RUN} returns it and {@link
 * SimResult#redirect()} where it went.
 *
 * <p>{@code @Global} and {@code @Config} fields are the class's own static fields: {@link #of}
 * resets them to their initial values (a {@code @Struct} without initializer zeroed), programs read
 * and write them as in the kernel, {@link #config} sets configuration and {@link #global} reads
 * what programs wrote.
 *
 * <p>The maps live in the class's static fields, so the latest simulator of a class owns them; a
 * simulator is meant for one test thread.
 */
public final class BpfSimulator {
  private final Class<?> programClass;
  private final Map<String, SimProgram> programs = new LinkedHashMap<>();

  /**
   * By map name; the values are KernelMap, SimProgArray, SimRingBuf, SimPerfEventArray or SimQueue.
   */
  private final Map<String, Object> maps = new LinkedHashMap<>();

  private final Map<String, String> mapNamesByField = new LinkedHashMap<>();
  private final List<String> printkLines = new ArrayList<>();
  private int cpu;
  private int possibleCpus = 4;
  private long clockNs = 1_000_000_000L;
  private long clockStepNs = 1_000;
  private Random random = new Random(0);
  private long pidTgid = (1000L << 32) | 1000L;
  private long uidGid = 0;
  private String comm = "bpf4j-sim";
  private SimGlobals globals;
  private Object currentTask;
  private final java.util.Map<Long, Object> kernelObjects = new java.util.HashMap<>();

  private BpfSimulator(Class<?> programClass) {
    this.programClass = programClass;
  }

  /**
   * A simulator of {@code programClass}: reads its {@code @Section} methods and gives each of its
   * {@code @Map} static fields a new, empty in-memory map (array maps zero-filled, prog-array slots
   * filled as {@code @TailCallTarget} says).
   *
   * @throws SimulationException when the class has something the simulator cannot run
   */
  public static BpfSimulator of(Class<?> programClass) {
    BpfSimulator sim = new BpfSimulator(programClass);
    sim.readPrograms();
    sim.createMaps();
    sim.fillTailCallSlots();
    sim.globals = new SimGlobals(programClass);
    return sim;
  }

  /**
   * Sets {@code @Config} field {@code field} to {@code value} (boxed for a primitive, a copy is
   * taken of an array or struct), as user space sets {@code .rodata} between open and load.
   *
   * @throws SimulationException when the class has no such {@code @Config} field or the type
   *     differs
   */
  public BpfSimulator config(String field, Object value) {
    globals.set(field, value, true);
    return this;
  }

  /**
   * The current value of {@code @Global} or {@code @Config} field {@code field}: boxed for a
   * primitive; for an array or a struct the live object the programs write, as a memory-mapped
   * {@code .bss}/{@code .data} shows it.
   */
  @SuppressWarnings("unchecked")
  public <T> T global(String field, Class<T> type) {
    Object v = globals.get(field);
    return type.isPrimitive() ? (T) v : type.cast(v);
  }

  /** Sets {@code @Global} field {@code field}, as user space writes a mapped {@code .data}. */
  public BpfSimulator setGlobal(String field, Object value) {
    globals.set(field, value, false);
    return this;
  }

  private void readPrograms() {
    for (Method m : programClass.getDeclaredMethods()) {
      Section section = m.getAnnotation(Section.class);
      if (section == null) {
        continue;
      }
      ProgramType type = ProgramSections.compiledProgramType(section.value());
      String where = programClass.getSimpleName() + "." + m.getName();
      if (type == null) {
        throw new SimulationException(
            where + ": @Section(\"" + section.value() + "\") names no program type bpf4j knows");
      }
      if (type.context().isTracedArguments()) {
        if (!Modifier.isStatic(m.getModifiers())
            || m.getReturnType() != int.class
            || !java.util.Arrays.stream(m.getParameterTypes()).allMatch(Class::isPrimitive)) {
          throw new SimulationException(
              where
                  + ": a @Section(\""
                  + section.value()
                  + "\") method must be static int, its parameters the traced arguments as"
                  + " primitives");
        }
        programs.put(m.getName(), new SimProgram(m, section.value(), type));
        continue;
      }
      if (!Modifier.isStatic(m.getModifiers())
          || m.getReturnType() != int.class
          || m.getParameterCount() != 1
          || m.getParameterTypes()[0] != Contexts.javaType(type)) {
        throw new SimulationException(
            where
                + ": a @Section(\""
                + section.value()
                + "\") method must be static int "
                + m.getName()
                + "("
                + Contexts.javaType(type).getSimpleName()
                + ")");
      }
      programs.put(m.getName(), new SimProgram(m, section.value(), type));
    }
    if (programs.isEmpty()) {
      throw new SimulationException(
          programClass.getName() + " has no @Section method: nothing to simulate");
    }
  }

  private void createMaps() {
    CpuView cpus =
        new CpuView() {
          @Override
          public int currentCpu() {
            RunContext run = RunContext.current();
            return run == null ? cpu : run.cpu();
          }

          @Override
          public int possibleCpus() {
            return possibleCpus;
          }
        };
    for (Field f : programClass.getDeclaredFields()) {
      io.bpf4j.annotations.Map spec = f.getAnnotation(io.bpf4j.annotations.Map.class);
      if (spec == null) {
        continue;
      }
      String name = spec.name().isEmpty() ? f.getName() : spec.name();
      Object map = MapFactory.create(f, spec, name, cpus);
      try {
        f.setAccessible(true);
        f.set(null, map);
      } catch (IllegalAccessException | RuntimeException e) {
        throw new SimulationException(
            "cannot put the simulated map into " + programClass.getSimpleName() + "." + f, e);
      }
      maps.put(name, map);
      mapNamesByField.put(f.getName(), name);
    }
  }

  private void fillTailCallSlots() {
    for (SimProgram p : programs.values()) {
      Method m = method(p);
      for (TailCallTarget t : m.getAnnotationsByType(TailCallTarget.class)) {
        Object map = lookupMap(t.map());
        if (!(map instanceof SimProgArray array)) {
          throw new SimulationException(
              p + ": @TailCallTarget(map = \"" + t.map() + "\") names no PROG_ARRAY map");
        }
        array.set(t.index(), p);
      }
    }
  }

  private Method method(SimProgram p) {
    for (Method m : programClass.getDeclaredMethods()) {
      if (m.getName().equals(p.name()) && m.isAnnotationPresent(Section.class)) {
        return m;
      }
    }
    throw new IllegalStateException(p.toString());
  }

  /** The simulated class. */
  public Class<?> programClass() {
    return programClass;
  }

  /** The program (the {@code @Section} method) named {@code name}. */
  public SimProgram program(String name) {
    SimProgram p = programs.get(name);
    if (p == null) {
      throw new IllegalArgumentException(
          programClass.getSimpleName()
              + " has no program "
              + name
              + "; it has "
              + programs.keySet());
    }
    return p;
  }

  /** Every program of the class, in declaration order. */
  public List<SimProgram> programs() {
    return List.copyOf(programs.values());
  }

  /**
   * Runs program {@code name} on Ethernet frame {@code frame}, shown to it as {@code
   * BPF_PROG_TEST_RUN} shows it to the program's type ({@link SimSkBuff#testRun}, {@link
   * SimXdpMd#testRun}).
   *
   * @throws IllegalArgumentException for a frame the kernel's test run refuses, or a tracing
   *     program (which gets no packet: pass a {@link SimTracepointContext} or {@link
   *     SimRawTracepointArgs} to {@link #run(String, BpfContext)})
   */
  public SimResult run(String name, byte[] frame) {
    SimProgram p = program(name);
    return run(p, testRunContext(p.type(), frame));
  }

  /** Runs program {@code name} on a context built by the test. */
  public SimResult run(String name, BpfContext ctx) {
    return run(program(name), ctx);
  }

  /**
   * Runs {@code program} (of this class or another) with this simulator's clock, CPU, random
   * numbers and printk capture.
   */
  public SimResult run(SimProgram program, BpfContext ctx) {
    if (program.type().context().isTracedArguments()) {
      throw new IllegalArgumentException(
          program + " takes the traced arguments as its parameters: use runTraced");
    }
    if (!Contexts.javaType(program.type()).isInstance(ctx)) {
      throw new IllegalArgumentException(
          program
              + " takes a "
              + Contexts.javaType(program.type()).getSimpleName()
              + ", not a "
              + (ctx == null ? "null" : ctx.getClass().getSimpleName()));
    }
    return execute(program, p -> p.invoke(ctx), ctx);
  }

  /**
   * Runs program {@code name} of a {@code tp_btf}, {@code fentry}, {@code fexit}, {@code lsm} or
   * {@code iter} section with the traced arguments {@code slots}: the kernel's u64 argument slots,
   * in the order of the method's parameters (for fexit the return value last); each is narrowed to
   * its parameter's type, a missing one reads as 0.
   */
  public SimResult runTraced(String name, long... slots) {
    SimProgram p = program(name);
    if (!p.type().context().isTracedArguments()) {
      throw new IllegalArgumentException(
          p + " takes a " + Contexts.javaType(p.type()).getSimpleName() + ": use run");
    }
    if (slots.length > p.parameterCount()) {
      throw new IllegalArgumentException(
          p + " takes " + p.parameterCount() + " arguments, not " + slots.length);
    }
    return execute(p, prog -> prog.invokeTraced(slots), null);
  }

  /** How a run calls its program (and the programs it tail-calls). */
  private interface Invocation {
    int call(SimProgram program) throws Throwable;
  }

  private SimResult execute(SimProgram program, Invocation invocation, BpfContext ctx) {
    RunContext run = new RunContext(this, program.type());
    List<SimProgram> chain = new ArrayList<>(List.of(program));
    SimProgram current = program;
    int result;
    Throwable failure = null;
    try (HelperBackends.Installation entered = run.enter()) {
      while (true) {
        try {
          result = invocation.call(current);
          break;
        } catch (TailCallJump jump) {
          current = jump.target;
          chain.add(current);
        } catch (PacketReadException | PacketWriteException | NullArgumentException e) {
          result = current.onFault();
          failure = e;
          break;
        } catch (ArithmeticException | NullPointerException | ArrayIndexOutOfBoundsException e) {
          if (!thrownByProgram(current, e)) {
            throw new SimulationException(where(current, e) + ": the simulator failed", e);
          }
          result = current.onFault();
          failure = e;
          break;
        } catch (SimulationException e) {
          throw new SimulationException(where(current, e) + ": " + e.getMessage(), e);
        } catch (UnsatisfiedLinkError e) {
          throw helperNative(current, e);
        } catch (Error e) {
          throw e;
        } catch (Throwable t) {
          throw new SimulationException(
              where(current, t)
                  + " threw "
                  + t
                  + ", which BPF code cannot do; the kernel would have refused the program",
              t);
        }
      }
    }
    // A run that failed half-way never reaches its submit: the kernel refuses such programs, and a
    // record left reserved would hide every later one from the reader.
    maps.values()
        .forEach(
            m -> {
              if (m instanceof SimRingBuf<?> ring) {
                ring.abandonReservations();
              }
            });
    boolean redirected =
        failure == null
            && (program.type() == ProgramType.XDP
                ? result == Redirects.XDP_REDIRECT
                : result == Redirects.TC_ACT_REDIRECT);
    return new SimResult(
        result,
        run.printk(),
        Optional.ofNullable(failure),
        chain,
        dataOut(program.type(), ctx),
        redirected ? Optional.ofNullable(run.redirectTarget()) : Optional.empty());
  }

  private static byte[] dataOut(ProgramType type, BpfContext ctx) {
    if (ctx instanceof SimXdpMd xdp) {
      return xdp.dataOut();
    }
    if (ctx instanceof SimSkBuff skb) {
      return skb.dataOut(type);
    }
    return new byte[0];
  }

  /**
   * The context {@code BPF_PROG_TEST_RUN} builds for {@code frame} and a program of {@code type}.
   */
  public static BpfContext testRunContext(ProgramType type, byte[] frame) {
    switch (type) {
      case SOCKET_FILTER, SCHED_CLS, CGROUP_SKB -> {
        return SimSkBuff.testRun(type, frame).build();
      }
      case XDP -> {
        return SimXdpMd.testRun(frame).build();
      }
      default ->
          throw new IllegalArgumentException(
              type
                  + " programs get no packet (the kernel cannot test-run them); build a"
                  + " SimTracepointContext or SimRawTracepointArgs and run with that");
    }
  }

  /**
   * Whether {@code e} comes from the program's own code (BPF code calls only methods of its class),
   * not from the simulator or a helper.
   */
  private static boolean thrownByProgram(SimProgram p, Throwable e) {
    StackTraceElement[] trace = e.getStackTrace();
    if (trace.length > 1 && e instanceof ArithmeticException && unsignedDivision(trace[0])) {
      // Integer/Long.divideUnsigned and remainderUnsigned compile to BPF's own division: their
      // division by zero is the program's, as a '/' in its code would be.
      return trace[1].getClassName().equals(p.programClass().getName());
    }
    return trace.length > 0 && trace[0].getClassName().equals(p.programClass().getName());
  }

  private static boolean unsignedDivision(StackTraceElement top) {
    return (top.getClassName().equals("java.lang.Integer")
            || top.getClassName().equals("java.lang.Long"))
        && (top.getMethodName().equals("divideUnsigned")
            || top.getMethodName().equals("remainderUnsigned"));
  }

  /** {@code program Foo.bar (socket) at Foo.java:42}: the program and its deepest own line. */
  private static String where(SimProgram p, Throwable t) {
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().equals(p.programClass().getName()) && e.getFileName() != null) {
        return "program " + p + " at " + e.getFileName() + ":" + e.getLineNumber();
      }
    }
    return "program " + p;
  }

  private SimulationException helperNative(SimProgram p, UnsatisfiedLinkError e) {
    String what = "a native method";
    for (Method m : p.programClass().getDeclaredMethods()) {
      Helper h = m.getAnnotation(Helper.class);
      if (h != null && String.valueOf(e.getMessage()).contains("." + m.getName() + "(")) {
        what = "@Helper(id = " + h.id() + ") native method " + m.getName() + "()";
      }
    }
    return new SimulationException(
        where(p, e)
            + " calls "
            + what
            + ", which has no implementation in the JVM: the simulator runs only the helpers of"
            + " io.bpf4j.lang.Bpf (use those where one exists, or keep the call out of the code"
            + " under test)",
        e);
  }

  // ---- maps

  /**
   * The map named {@code name} (its name in the object, or its field's name), with unchecked key
   * and value types.
   */
  @SuppressWarnings("unchecked")
  public <K, V> SimMap<K, V> map(String name) {
    Object m = lookupMap(name);
    if (!(m instanceof KernelMap<?, ?> km)) {
      throw new IllegalArgumentException(
          "map "
              + name
              + " is a "
              + (m instanceof SimProgArray
                  ? "prog array: use progArray"
                  : m instanceof SimPerfEventArray
                      ? "perf event array: use perfEventArray"
                      : m instanceof SimQueue
                          ? "queue or stack: use queue"
                          : m instanceof SimMapOfMaps
                              ? "map of maps: use mapOfMaps"
                              : "ring buffer: use ringBuf"));
    }
    return new SimMap<>((KernelMap<K, V>) km);
  }

  /** The map named {@code name}, checked to have these key and value types. */
  public <K, V> SimMap<K, V> map(String name, Class<K> keyType, Class<V> valueType) {
    SimMap<K, V> m = map(name);
    if (m.keyType() != keyType || m.valueType() != valueType) {
      throw new IllegalArgumentException(
          "map "
              + name
              + " is BpfMap<"
              + m.keyType().getSimpleName()
              + ", "
              + m.valueType().getSimpleName()
              + ">, not BpfMap<"
              + keyType.getSimpleName()
              + ", "
              + valueType.getSimpleName()
              + ">");
    }
    return m;
  }

  /** Every key/value map of the class (not prog arrays or ring buffers), in declaration order. */
  public List<SimMap<?, ?>> maps() {
    List<SimMap<?, ?>> out = new ArrayList<>();
    for (Object m : maps.values()) {
      if (m instanceof KernelMap<?, ?> km) {
        out.add(new SimMap<>(km));
      }
    }
    return out;
  }

  /**
   * The {@code ARRAY_OF_MAPS} or {@code HASH_OF_MAPS} named {@code name}: create inner maps with
   * {@link SimMapOfMaps#newInner} and put them there, as user space does.
   */
  @SuppressWarnings("unchecked")
  public <K> SimMapOfMaps<K> mapOfMaps(String name) {
    if (lookupMap(name) instanceof SimMapOfMaps<?> m) {
      return (SimMapOfMaps<K>) m;
    }
    throw new IllegalArgumentException("map " + name + " is not an ARRAY_OF_MAPS or HASH_OF_MAPS");
  }

  /** The prog array named {@code name}. */
  public SimProgArray progArray(String name) {
    if (lookupMap(name) instanceof SimProgArray a) {
      return a;
    }
    throw new IllegalArgumentException("map " + name + " is not a PROG_ARRAY");
  }

  /** The ring buffer named {@code name}. */
  @SuppressWarnings("unchecked")
  public <T> SimRingBuf<T> ringBuf(String name) {
    if (lookupMap(name) instanceof SimRingBuf<?> r) {
      return (SimRingBuf<T>) r;
    }
    throw new IllegalArgumentException("map " + name + " is not a RINGBUF");
  }

  /** The {@code QUEUE} or {@code STACK} named {@code name}. */
  @SuppressWarnings("unchecked")
  public <T> SimQueue<T> queue(String name) {
    if (lookupMap(name) instanceof SimQueue<?> q) {
      return (SimQueue<T>) q;
    }
    throw new IllegalArgumentException("map " + name + " is not a QUEUE or STACK");
  }

  /** The perf event array named {@code name}. */
  @SuppressWarnings("unchecked")
  public <T> SimPerfEventArray<T> perfEventArray(String name) {
    if (lookupMap(name) instanceof SimPerfEventArray<?> p) {
      return (SimPerfEventArray<T>) p;
    }
    throw new IllegalArgumentException("map " + name + " is not a PERF_EVENT_ARRAY");
  }

  private Object lookupMap(String name) {
    Object m = maps.get(name);
    if (m == null && mapNamesByField.containsKey(name)) {
      m = maps.get(mapNamesByField.get(name));
    }
    if (m == null) {
      throw new IllegalArgumentException(
          programClass.getSimpleName() + " has no map " + name + "; it has " + maps.keySet());
    }
    return m;
  }

  // ---- printk

  /** Every {@code printk} line since the simulator was made or {@link #clearPrintk}. */
  public List<String> printkLines() {
    return List.copyOf(printkLines);
  }

  public void clearPrintk() {
    printkLines.clear();
  }

  void recordPrintk(String line) {
    printkLines.add(line);
  }

  // ---- the simulated machine

  /** Runs programs on CPU {@code cpu} ({@code bpf_get_smp_processor_id}, per-CPU map values). */
  public BpfSimulator onCpu(int cpu) {
    if (cpu < 0 || cpu >= possibleCpus) {
      throw new IllegalArgumentException(
          "CPU " + cpu + " is not one of the " + possibleCpus + " possible CPUs");
    }
    this.cpu = cpu;
    return this;
  }

  /** How many CPUs per-CPU maps hold values for (default 4). */
  public BpfSimulator possibleCpus(int count) {
    if (count < 1 || cpu >= count) {
      throw new IllegalArgumentException(
          count + " possible CPUs cannot include the current CPU " + cpu);
    }
    this.possibleCpus = count;
    return this;
  }

  /** The next value {@code bpf_ktime_get_ns} returns (default 1 s after boot). */
  public BpfSimulator clockNs(long ns) {
    this.clockNs = ns;
    return this;
  }

  /** How far the clock moves after each {@code bpf_ktime_get_ns} (default 1000 ns). */
  public BpfSimulator clockStepNs(long ns) {
    this.clockStepNs = ns;
    return this;
  }

  /** Restarts {@code bpf_get_prandom_u32}'s sequence from {@code seed} (default 0). */
  public BpfSimulator randomSeed(long seed) {
    this.random = new Random(seed);
    return this;
  }

  /** What {@code bpf_get_current_pid_tgid} returns: tgid in the upper 32 bits, pid below. */
  public BpfSimulator pidTgid(long value) {
    this.pidTgid = value;
    return this;
  }

  /** What {@code bpf_get_current_uid_gid} returns: gid in the upper 32 bits, uid below. */
  public BpfSimulator uidGid(long value) {
    this.uidGid = value;
    return this;
  }

  /** What {@code bpf_get_current_comm} copies: the task's name (the kernel keeps 15 bytes). */
  public BpfSimulator comm(String value) {
    this.comm = value;
    return this;
  }

  /**
   * The current task that {@code Bpf.currentTask(View.class)} returns: a {@code @KernelStruct} view
   * object the test builds (its {@code real_parent} another such object), so that reads through it
   * ({@code task.real_parent.tgid}) are plain field reads of the fake kernel-object graph. In the
   * simulator every view field exists ({@code Core.exists} is true) and has its Java size.
   */
  public BpfSimulator currentTask(Object view) {
    this.currentTask = view;
    return this;
  }

  /**
   * Places {@code view} at kernel address {@code address}, for {@code Core.view(View.class,
   * address)}.
   */
  public BpfSimulator kernelObject(long address, Object view) {
    kernelObjects.put(address, view);
    return this;
  }

  /** The current task view, or null when the test gave none. */
  public Object currentTask() {
    return currentTask;
  }

  /** The view at {@code address}, or null. */
  public Object kernelObject(long address) {
    return kernelObjects.get(address);
  }

  public long uidGid() {
    return uidGid;
  }

  public String comm() {
    return comm;
  }

  public int cpu() {
    return cpu;
  }

  public int possibleCpus() {
    return possibleCpus;
  }

  /** The value the next {@code bpf_ktime_get_ns} returns. */
  public long clockNs() {
    return clockNs;
  }

  public long pidTgid() {
    return pidTgid;
  }

  long tickClock() {
    long now = clockNs;
    clockNs += clockStepNs;
    return now;
  }

  int nextRandom() {
    return random.nextInt();
  }

  @Override
  public String toString() {
    return "BpfSimulator[" + programClass.getName() + "]";
  }
}
