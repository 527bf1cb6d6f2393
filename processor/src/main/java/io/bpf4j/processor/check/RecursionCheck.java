package io.bpf4j.processor.check;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.diag.MethodError;
import io.bpf4j.processor.frontend.CallGraph;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * BPF has no recursion (the verifier refuses a call cycle): reports the first cycle of the call
 * graph, inlined calls included, on the line of its first call.
 */
public final class RecursionCheck {
  private RecursionCheck() {}

  public static Optional<MethodError> check(CallGraph graph) {
    for (String start : graph.calls().keySet()) {
      List<String> path = new ArrayList<>();
      if (cycle(graph, start, start, path, new HashSet<>())) {
        String names = String.join(" -> ", path.stream().map(Names::methodName).toList());
        int line = graph.line(start, path.get(0));
        return Optional.of(
            new MethodError(
                Names.methodName(start),
                new CompileError(
                    line, Messages.recursion(Names.methodName(start) + " -> " + names))));
      }
    }
    return Optional.empty();
  }

  private static boolean cycle(
      CallGraph graph, String start, String at, List<String> path, Set<String> seen) {
    for (String callee : graph.calls().getOrDefault(at, List.of())) {
      path.add(callee);
      if (callee.equals(start) || (seen.add(callee) && cycle(graph, start, callee, path, seen))) {
        return true;
      }
      path.remove(path.size() - 1);
    }
    return false;
  }
}
