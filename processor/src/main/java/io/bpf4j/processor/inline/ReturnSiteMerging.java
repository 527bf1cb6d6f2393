package io.bpf4j.processor.inline;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Exit;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.InlineSite;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.IrPrinter;
import io.bpf4j.processor.ir.Jump;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Before splicing: the calls of one method in return position ({@code return f(ctx, X)}, the call's
 * result straight into r0 and the exit) become one call that every such return jumps to, with the
 * arguments that differ between them passed in registers each return sets. Programs end many paths
 * through the same small method (a stats update with the verdict, a cleanup); spliced at each
 * return, its body would be copied once per return, which is what clang avoids by merging the
 * returns before it inlines. The value ranges the optimizer keeps for those registers still decide
 * what each constant decided in the copies (a verdict's bounds check).
 *
 * <p>Only calls translated alike merge (the same callee IR: same method, same knowledge of non-null
 * arguments and packet loads), and only where the body is larger than the moves and jump each
 * return then needs.
 */
public final class ReturnSiteMerging {
  private ReturnSiteMerging() {}

  /** A call in return position: its block, the site, and the {@code r0 = result} after it. */
  private record Tail(Block block, InlineSite site, Mov result) {}

  public static void run(Function f) {
    Map<String, List<Tail>> groups = new LinkedHashMap<>();
    for (Block b : f.blocks()) {
      Tail t = tail(f, b);
      if (t != null) {
        groups.computeIfAbsent(t.site().callee().name(), k -> new ArrayList<>()).add(t);
      }
    }
    for (List<Tail> named : groups.values()) {
      Map<String, List<Tail>> alike = new LinkedHashMap<>();
      for (Tail t : named) {
        if (named.size() > 1) {
          alike.computeIfAbsent(signature(t), k -> new ArrayList<>()).add(t);
        }
      }
      for (List<Tail> group : alike.values()) {
        if (group.size() > 1) {
          merge(f, group);
        }
      }
    }
  }

  private static Tail tail(Function f, Block b) {
    List<Insn> insns = b.insns();
    int n = insns.size();
    if (n < 3
        || !(insns.get(n - 1) instanceof Exit)
        || !(insns.get(n - 2) instanceof Mov m)
        || !(insns.get(n - 3) instanceof InlineSite site)
        || site.result() == null
        || m.dst() != f.fixed(Register.R0)
        || m.src() != site.result()) {
      return null;
    }
    return new Tail(b, site, m);
  }

  /** What two calls must share to be one: the callee as translated, the widths, the return. */
  private static String signature(Tail t) {
    return IrPrinter.print(t.site().callee())
        + t.site().args64()
        + t.result().is64()
        + t.site().result().kind();
  }

  private static void merge(Function f, List<Tail> group) {
    InlineSite first = group.get(0).site();
    int arity = first.args().size();
    List<Integer> differing = new ArrayList<>();
    for (int i = 0; i < arity; i++) {
      for (Tail t : group) {
        if (!Objects.equals(t.site().args().get(i), first.args().get(i))) {
          differing.add(i);
          break;
        }
      }
    }
    if (size(first.callee()) - arity <= 2 * (differing.size() + 1)) {
      return;
    }
    // The call stays where the last of them was (usually the method's final return), in a block
    // of its own right after it; each return sets the differing arguments and jumps there.
    Tail kept = group.get(group.size() - 1);
    List<Operand> args = new ArrayList<>(first.args());
    List<Reg> passed = new ArrayList<>();
    for (int i : differing) {
      Reg r = f.newReg(kindOf(group, i), "arg");
      passed.add(r);
      args.set(i, r);
    }
    Block shared = f.newBlock();
    f.blocks().remove(shared);
    f.blocks().add(f.blocks().indexOf(kept.block()) + 1, shared);
    InlineSite site = kept.site().relocated(args, shared);
    shared.add(site);
    shared.add(kept.result());
    shared.add(kept.block().terminator());
    for (Tail t : group) {
      List<Insn> insns = t.block().insns();
      int line = t.site().line();
      insns.subList(insns.size() - 3, insns.size()).clear();
      for (int k = 0; k < differing.size(); k++) {
        int i = differing.get(k);
        insns.add(new Mov(passed.get(k), t.site().args().get(i), first.args64().get(i), line));
      }
      insns.add(new Jump(shared, line));
    }
  }

  /** A register's kind where some call passes one (a pointer stays a REF), else by width. */
  private static Reg.Kind kindOf(List<Tail> group, int i) {
    for (Tail t : group) {
      if (t.site().args().get(i) instanceof Reg r) {
        return r.kind();
      }
    }
    return group.get(0).site().args64().get(i) ? Reg.Kind.LONG : Reg.Kind.INT;
  }

  /** The callee's instructions, its parameter copies among them. */
  private static int size(Function callee) {
    int n = 0;
    for (Block b : callee.blocks()) {
      n += b.insns().size();
    }
    return n;
  }
}
