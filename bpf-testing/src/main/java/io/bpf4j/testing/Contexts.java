package io.bpf4j.testing;

import io.bpf4j.lang.BpfContext;
import io.bpf4j.object.kernel.ProgramType;

/** The Java context interface of a program type, from the kernel vocabulary's context names. */
final class Contexts {
  private Contexts() {}

  /** The interface a program of {@code type} receives, or null when bpf4j does not compile it. */
  static Class<? extends BpfContext> javaType(ProgramType type) {
    if (type.context() == null) {
      return null;
    }
    try {
      return Class.forName(type.context().javaName()).asSubclass(BpfContext.class);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("bpf-annotations lacks " + type.context().javaName(), e);
    }
  }
}
