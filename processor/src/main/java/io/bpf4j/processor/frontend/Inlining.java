package io.bpf4j.processor.frontend;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Exit;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Jump;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splices the IR of a called method into its caller: the arguments go into r1..rN as for a call,
 * the callee's blocks (with fresh registers of the caller) follow, each return jumps to where the
 * caller continues with the result in r0, and each place the callee would fail takes the caller's
 * own failure path — so an inlined method needs neither a call nor the failure flag, and its packet
 * reads can be LD_ABS in a program.
 */
final class Inlining {
  private Inlining() {}

  /** Inlines {@code callee} at the builder's position; returns the result, or null for void. */
  static Value.Op splice(IrBuilder b, Function callee, List<Value.Op> args, Reg.Kind resultKind) {
    Function f = b.function();
    int line = b.line();
    Map<Reg, Reg> regs = new HashMap<>();
    for (Reg r : callee.regs()) {
      regs.put(r, counterpart(f, r));
    }
    Map<Block, Block> blocks = new LinkedHashMap<>();
    for (Block cb : callee.blocks()) {
      blocks.put(cb, f.newBlock());
    }
    Block continuation = f.newBlock();
    boolean direct = parameterCopies(callee, args.size());
    if (!direct) {
      for (int i = 0; i < args.size(); i++) {
        Value.Op a = args.get(i);
        b.add(new Mov(f.fixed(Register.of(i + 1)), a.operand(), a.kind().is64(), line));
      }
    }
    b.jump(blocks.get(callee.entry()));
    Set<Block> failures = new HashSet<>(callee.failureBlocks());
    for (Block cb : callee.blocks()) {
      Block nb = blocks.get(cb);
      if (failures.contains(cb)) {
        f.failInto(nb, cb.insns().isEmpty() ? line : cb.insns().get(0).line());
        continue;
      }
      for (int k = 0; k < cb.insns().size(); k++) {
        Insn i = cb.insns().get(k);
        if (direct && cb == callee.entry() && k < args.size()) {
          // "param = r(k+1)" reads the caller's argument itself: no trip through r1-r5.
          Value.Op a = args.get(k);
          nb.add(new Mov(regs.get(((Mov) i).dst()), a.operand(), a.kind().is64(), i.line()));
          continue;
        }
        if (i instanceof Exit) {
          nb.add(new Jump(continuation, i.line()));
          continue;
        }
        i.mapUses(o -> o instanceof Reg r ? regs.get(r) : o);
        i.mapDefs(regs::get);
        if (i instanceof Jump j) {
          j.setTarget(blocks.get(j.target()));
        } else if (i instanceof Branch br) {
          br.setTargets(blocks.get(br.ifTrue()), blocks.get(br.ifFalse()));
        }
        nb.add(i);
      }
    }
    f.slots().addAll(callee.slots());
    callee.helperCalls().forEach(h -> f.recordHelperCall(h[0], h[1]));
    callee.nullable().forEach(r -> f.markNullable(regs.get(r)));
    b.switchTo(continuation);
    if (resultKind == null) {
      return null;
    }
    Reg result = b.newReg(resultKind, "ret");
    b.add(new Mov(result, f.fixed(Register.R0), true, line));
    return new Value.Op(result, resultKind);
  }

  /** Whether the callee's entry starts with its {@code n} parameter copies {@code p = r1 ...}. */
  private static boolean parameterCopies(Function callee, int n) {
    List<Insn> entry = callee.entry().insns();
    if (entry.size() < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!(entry.get(i) instanceof Mov m)
          || m.src() != callee.fixed(Register.of(i + 1))
          || !m.is64()) {
        return false;
      }
    }
    return true;
  }

  private static Reg counterpart(Function f, Reg r) {
    if (r.isFixed()) {
      return r.fixed() == Register.R6 ? f.contextRegister() : f.fixed(r.fixed());
    }
    String name = r.toString().substring(1);
    int dot = name.lastIndexOf('.');
    Reg copy = f.newReg(r.kind(), dot > 0 ? name.substring(0, dot) : name);
    if (r.isZeroExtendedNonNegative()) {
      copy.markZeroExtendedNonNegative();
    }
    return copy;
  }
}
