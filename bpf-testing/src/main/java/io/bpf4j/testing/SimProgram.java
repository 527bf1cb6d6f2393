package io.bpf4j.testing;

import io.bpf4j.lang.BpfContext;
import io.bpf4j.object.kernel.ProgramType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;

/**
 * One {@code @Section} method of a simulated class: what {@code sim.program(name)} returns and what
 * prog-array slots hold. It runs in whichever simulator runs it (that simulator's clock, CPU and
 * printk capture), with the maps of its own class.
 */
public final class SimProgram {
  private final Class<?> programClass;
  private final String name;
  private final String section;
  private final ProgramType type;
  private final MethodHandle handle;
  private final Class<?>[] parameterTypes;
  private final int onFault;

  SimProgram(Method method, String section, ProgramType type) {
    this.programClass = method.getDeclaringClass();
    this.name = method.getName();
    this.section = section;
    this.type = type;
    this.parameterTypes = method.getParameterTypes();
    io.bpf4j.annotations.Section sec = method.getAnnotation(io.bpf4j.annotations.Section.class);
    this.onFault = sec == null ? 0 : sec.onFault();
    try {
      method.setAccessible(true);
      this.handle = MethodHandles.lookup().unreflect(method);
    } catch (IllegalAccessException | RuntimeException e) {
      throw new SimulationException("cannot call " + this + " from the simulator", e);
    }
  }

  /** The method's name, which is also the program's name in the object. */
  public String name() {
    return name;
  }

  /** The {@code @Section} value. */
  public String section() {
    return section;
  }

  /** What the program returns where Java would throw: its section's {@code onFault}. */
  public int onFault() {
    return onFault;
  }

  public ProgramType type() {
    return type;
  }

  /** The class that declares the program. */
  public Class<?> programClass() {
    return programClass;
  }

  /** Calls the Java method; what it throws comes through unwrapped. */
  int invoke(BpfContext ctx) throws Throwable {
    return (int) handle.invoke(ctx);
  }

  /**
   * Calls a program whose parameters are the traced arguments with argument slots {@code slots}
   * (slot {@code i} for parameter {@code i}, a missing slot reading 0), each narrowed to its
   * parameter's type as the compiled program narrows the kernel's u64 slot.
   */
  int invokeTraced(long[] slots) throws Throwable {
    Object[] args = new Object[parameterTypes.length];
    for (int i = 0; i < args.length; i++) {
      long v = i < slots.length ? slots[i] : 0;
      Class<?> t = parameterTypes[i];
      args[i] =
          t == long.class
              ? (Object) v
              : t == int.class
                  ? (Object) (int) v
                  : t == short.class
                      ? (Object) (short) v
                      : t == byte.class
                          ? (Object) (byte) v
                          : t == char.class ? (Object) (char) v : (Object) ((v & 0xff) != 0);
    }
    return (int) handle.invokeWithArguments(args);
  }

  /** The number of traced arguments the program takes (for a traced-arguments program). */
  int parameterCount() {
    return parameterTypes.length;
  }

  @Override
  public String toString() {
    return programClass.getSimpleName() + "." + name + " (" + section + ")";
  }
}
