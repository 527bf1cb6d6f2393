package io.bpf4j.processor.check;

import io.bpf4j.object.kernel.Helper;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.diag.MethodError;
import io.bpf4j.processor.frontend.CallGraph;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.model.ProgramModel;
import io.bpf4j.processor.model.SectionModel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The kernel lets each program type call only some helpers: reports the first helper call that a
 * program's type may not make, in the program or in any method it reaches, on the line of the call.
 */
public final class HelperPermissionCheck {
  private HelperPermissionCheck() {}

  /** {@code irByMethod}: the compiled IR of each method, by name + descriptor. */
  public static Optional<MethodError> check(
      ProgramModel model, CallGraph graph, Map<String, Function> irByMethod) {
    for (SectionModel s : model.sections()) {
      Set<String> reached = new LinkedHashSet<>();
      Deque<String> work = new ArrayDeque<>(List.of(s.methodName() + s.descriptor()));
      while (!work.isEmpty()) {
        String key = work.poll();
        if (reached.add(key)) {
          work.addAll(graph.calls().getOrDefault(key, List.of()));
        }
      }
      for (String key : reached) {
        Function f = irByMethod.get(key);
        if (f == null) {
          continue;
        }
        for (int[] call : f.helperCalls()) {
          Helper helper = Helper.of(call[0]);
          if (helper != null
              && helper.changesPacketData()
              && s.type().runsOnPackets()
              && !helper.allowedIn(s.type())) {
            // A write reached through a method the program calls: say why, as at a direct write.
            return Optional.of(
                new MethodError(
                    Names.methodName(key),
                    new CompileError(
                        call[1], Messages.packetReadOnly(helper.kernelName(), s.section()))));
          }
          if (!Helper.allowed(call[0], s.type())) {
            String allowed =
                Helper.of(call[0]).allowedTypes().stream()
                    .map(t -> t.name().toLowerCase())
                    .sorted()
                    .toList()
                    .toString();
            return Optional.of(
                new MethodError(
                    Names.methodName(key),
                    new CompileError(
                        call[1],
                        Messages.helperNotAllowed(
                            Helper.nameOf(call[0]), s.section(), s.methodName(), allowed))));
          }
        }
      }
    }
    return Optional.empty();
  }
}
