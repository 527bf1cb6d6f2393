package io.bpf4j.processor.check;

import io.bpf4j.object.kernel.Helper;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.LoaderMessages;
import io.bpf4j.processor.diag.MethodError;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Call;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.model.ProgramModel;
import io.bpf4j.processor.model.SectionModel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The verifier's {@code check_max_stack_depth}, at javac time: along every chain of BPF-to-BPF
 * calls from a program, the frames (each rounded up as the kernel does) must add up to at most 512
 * bytes, and a subprogram that makes a tail call must be reached through frames of less than 256
 * bytes (the callers' frames stay on the stack across the tail call). Otherwise the kernel refuses
 * the program with "combined stack size of N calls is M. Too large", naming no function; here the
 * error names the chain and each frame, on the program's method.
 */
public final class StackDepthCheck {
  /** {@code MAX_BPF_STACK}. */
  static final int MAX_COMBINED = 512;

  /** The limit on the callers' frames of a subprogram that makes a tail call. */
  static final int MAX_BEFORE_TAIL_CALL = 256;

  private StackDepthCheck() {}

  /** {@code functions}: the compiled functions by symbol, frames laid out. */
  public static Optional<MethodError> check(ProgramModel model, Map<String, Function> functions) {
    for (SectionModel s : model.sections()) {
      Function entry = functions.get(s.methodName());
      if (entry == null) {
        continue;
      }
      Chains chains = new Chains(functions);
      chains.walk(entry, new ArrayList<>());
      // The verifier meets a tail call's limit on entering the subprogram, before adding its frame
      // to the combined stack: that error comes first.
      String message = null;
      if (chains.tailCallChain != null) {
        List<Function> callers = chains.tailCallChain.subList(0, chains.tailCallChain.size() - 1);
        message =
            LoaderMessages.stackBeforeTailCall(
                chains.tailCallChain.get(chains.tailCallChain.size() - 1).name(),
                total(callers),
                MAX_BEFORE_TAIL_CALL,
                describe(chains.tailCallChain));
      } else if (chains.deepest > MAX_COMBINED) {
        message =
            LoaderMessages.combinedStack(
                chains.deepest, MAX_COMBINED, describe(chains.deepestChain));
      }
      if (message != null) {
        return Optional.of(new MethodError(s.methodName(), new CompileError(0, message)));
      }
    }
    return Optional.empty();
  }

  /** The walk over every call chain from one program. */
  private static final class Chains {
    final Map<String, Function> functions;
    int deepest;
    List<Function> deepestChain;
    List<Function> tailCallChain;

    Chains(Map<String, Function> functions) {
      this.functions = functions;
    }

    void walk(Function f, List<Function> chain) {
      chain.add(f);
      int depth = total(chain);
      if (depth > deepest) {
        deepest = depth;
        deepestChain = List.copyOf(chain);
      }
      if (chain.size() > 1
          && tailCallChain == null
          && makesTailCall(f)
          && total(chain.subList(0, chain.size() - 1)) >= MAX_BEFORE_TAIL_CALL) {
        tailCallChain = List.copyOf(chain);
      }
      // Calls form no cycle here: the recursion check ran first.
      for (String callee : callees(f)) {
        Function g = functions.get(callee);
        if (g != null) {
          walk(g, chain);
        }
      }
      chain.remove(chain.size() - 1);
    }
  }

  /**
   * A frame as the verifier counts it: the deepest stack byte the function touches, rounded up to
   * 16 bytes ({@code round_up_stack_depth} with the JIT, Linux 6.7 and later; without JIT and
   * before 6.7 it is 32).
   */
  static int roundedFrame(Function f) {
    int depth = 0;
    for (FrameSlot slot : f.slots()) {
      depth = Math.max(depth, -slot.offset());
    }
    return (depth + 15) / 16 * 16;
  }

  private static int total(List<Function> chain) {
    return chain.stream().mapToInt(StackDepthCheck::roundedFrame).sum();
  }

  private static String describe(List<Function> chain) {
    return String.join(
        " -> ", chain.stream().map(f -> f.name() + " (" + roundedFrame(f) + " B)").toList());
  }

  private static Set<String> callees(Function f) {
    Set<String> out = new LinkedHashSet<>();
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        if (i instanceof Call c && c.function() != null) {
          out.add(c.function());
        }
      }
    }
    return out;
  }

  private static boolean makesTailCall(Function f) {
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        if (i instanceof Call c && c.function() == null && c.helperId() == Helper.TAIL_CALL.id()) {
          return true;
        }
      }
    }
    return false;
  }
}
