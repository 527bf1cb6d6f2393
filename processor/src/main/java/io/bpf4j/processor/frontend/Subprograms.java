package io.bpf4j.processor.frontend;

import io.bpf4j.processor.model.ProgramModel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.objectweb.asm.tree.MethodNode;

/**
 * The static methods compiled as BPF-to-BPF subprograms: each gets a symbol unique in the object
 * (not a program's name) when its first call is translated, and waits in a queue until the driver
 * compiles it, so subprograms come in the order of their first calls.
 */
public final class Subprograms {
  private final ProgramModel model;
  private final Map<String, String> symbols = new LinkedHashMap<>();
  private final Deque<MethodNode> pending = new ArrayDeque<>();

  public Subprograms(ProgramModel model) {
    this.model = model;
  }

  /** The symbol of {@code m}, queued for compilation on first use. */
  public String symbolFor(MethodNode m) {
    String symbol = symbols.get(m.name + m.desc);
    if (symbol == null) {
      symbol = uniqueSymbol(m.name);
      symbols.put(m.name + m.desc, symbol);
      pending.add(m);
    }
    return symbol;
  }

  /** The symbol given to {@code m}. */
  public String symbolOf(MethodNode m) {
    return symbols.get(m.name + m.desc);
  }

  /** The next subprogram to compile, or null when every one found so far is compiled. */
  public MethodNode next() {
    return pending.poll();
  }

  private String uniqueSymbol(String methodName) {
    // The symbol is also the function's BTF name, which the kernel wants a C identifier.
    String name = io.bpf4j.processor.model.CNames.sanitize(methodName);
    String symbol = name;
    int n = 1;
    while (symbols.containsValue(symbol) || isProgramName(symbol)) {
      symbol = name + "_" + n++;
    }
    return symbol;
  }

  private boolean isProgramName(String symbol) {
    return model.sections().stream().anyMatch(s -> s.methodName().equals(symbol));
  }
}
