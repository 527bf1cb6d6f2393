package io.bpf4j.testing;

import io.bpf4j.lang.BpfContext;
import io.bpf4j.object.kernel.ContextType;
import io.bpf4j.object.kernel.ProgramType;
import java.util.EnumMap;
import java.util.Map;

/** The Java context interface of a program type, from the kernel vocabulary's context names. */
final class Contexts {
  /** Resolved once: every simulated run checks its context against its program's type. */
  private static final Map<ContextType, Class<? extends BpfContext>> INTERFACES = resolve();

  private Contexts() {}

  /** The interface a program of {@code type} receives, or null when bpf4j does not compile it. */
  static Class<? extends BpfContext> javaType(ProgramType type) {
    return type.context() == null ? null : INTERFACES.get(type.context());
  }

  private static Map<ContextType, Class<? extends BpfContext>> resolve() {
    Map<ContextType, Class<? extends BpfContext>> out = new EnumMap<>(ContextType.class);
    for (ContextType c : ContextType.values()) {
      if (!c.hasJavaInterface()) {
        continue; // the traced arguments: the program's parameters
      }
      try {
        out.put(c, Class.forName(c.javaName()).asSubclass(BpfContext.class));
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("bpf-annotations lacks " + c.javaName(), e);
      }
    }
    return out;
  }
}
