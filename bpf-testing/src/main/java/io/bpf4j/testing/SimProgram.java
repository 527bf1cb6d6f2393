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

  SimProgram(Method method, String section, ProgramType type) {
    this.programClass = method.getDeclaringClass();
    this.name = method.getName();
    this.section = section;
    this.type = type;
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

  @Override
  public String toString() {
    return programClass.getSimpleName() + "." + name + " (" + section + ")";
  }
}
