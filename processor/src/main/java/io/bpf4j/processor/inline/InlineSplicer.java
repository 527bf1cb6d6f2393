package io.bpf4j.processor.inline;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Exit;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.InlineSite;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Jump;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inlining pass, IR to IR: replaces each {@link InlineSite} that translation left with the
 * callee's IR. The arguments go into r1..rN as for a call, the callee's blocks (with fresh
 * registers of the caller) follow, each return jumps to where the caller continues with the result
 * in r0, and each place the callee would fail takes the caller's own failure path — so an inlined
 * method needs neither a call nor the failure flag, and its packet reads can be LD_ABS in a
 * program.
 *
 * <p>What it adds is numbered and laid out as if it had been created at the call (the site records
 * what the caller had created before it): registers, blocks, slots, helper calls and nullable
 * registers keep the order they had when inlining happened during translation, so the code is the
 * same.
 */
public final class InlineSplicer {
  private InlineSplicer() {}

  /**
   * Splices every inline site of {@code f}, the last placed first: what a site adds goes right
   * after what the caller had before it, so two sites with nothing created between them (the same
   * anchors) come out in the order of the calls.
   */
  public static void run(Function f) {
    List<InlineSite> sites = new ArrayList<>();
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        if (i instanceof InlineSite site) {
          sites.add(site);
        }
      }
    }
    for (int i = sites.size() - 1; i >= 0; i--) {
      splice(f, sites.get(i));
    }
  }

  private static void splice(Function f, InlineSite site) {
    Function callee = site.callee();
    int line = site.line();
    // Registers: the callee's counterparts, then the result, right after what the caller had.
    int at = f.regs().indexOf(site.regBefore()) + 1;
    Map<Reg, Reg> regs = new HashMap<>();
    for (Reg r : callee.regs()) {
      Reg copy;
      if (r.isFixed()) {
        if (r.fixed() == Register.R6) {
          copy = f.contextRegisterAt(at);
          if (copy.id() == at) {
            at++;
          }
        } else {
          copy = f.fixed(r.fixed());
        }
      } else {
        copy = f.newRegAt(at++, r.kind(), r.baseName());
        if (r.isZeroExtendedNonNegative()) {
          copy.markZeroExtendedNonNegative();
        }
      }
      regs.put(r, copy);
    }
    if (site.result() != null) {
      f.moveReg(site.result(), at);
    }
    // Blocks: the callee's, then the continuation, right after what the caller had created.
    int id = site.blockBefore().id() + 1;
    Map<Block, Block> blocks = new LinkedHashMap<>();
    for (Block cb : callee.blocks()) {
      blocks.put(cb, f.newBlockAt(id++));
    }
    Block continuation = f.newBlockAt(id);

    Block caller = blockOf(f, site);
    List<Insn> insns = caller.insns();
    int k = insns.indexOf(site);
    List<Insn> after = new ArrayList<>(insns.subList(k + 1, insns.size()));
    insns.subList(k, insns.size()).clear();
    List<Operand> args = site.args();
    boolean direct = parameterCopies(callee, args.size());
    if (!direct) {
      for (int i = 0; i < args.size(); i++) {
        caller.add(new Mov(f.fixed(Register.of(i + 1)), args.get(i), site.args64().get(i), line));
      }
    }
    caller.add(new Jump(blocks.get(callee.entry()), line));

    Set<Block> failures = new HashSet<>(callee.failureBlocks());
    for (Block cb : callee.blocks()) {
      Block nb = blocks.get(cb);
      if (failures.contains(cb)) {
        f.failInto(nb, cb.insns().isEmpty() ? line : cb.insns().get(0).line());
        continue;
      }
      for (int j = 0; j < cb.insns().size(); j++) {
        Insn i = cb.insns().get(j);
        if (direct && cb == callee.entry() && j < args.size()) {
          // "param = r(j+1)" reads the caller's argument itself: no trip through r1-r5.
          nb.add(new Mov(regs.get(((Mov) i).dst()), args.get(j), site.args64().get(j), i.line()));
          continue;
        }
        if (i instanceof Exit) {
          nb.add(new Jump(continuation, i.line()));
          continue;
        }
        i.mapUses(o -> o instanceof Reg r ? regs.get(r) : o);
        i.mapDefs(regs::get);
        if (i instanceof Jump j2) {
          j2.setTarget(blocks.get(j2.target()));
        } else if (i instanceof Branch br) {
          br.setTargets(blocks.get(br.ifTrue()), blocks.get(br.ifFalse()));
        }
        nb.add(i);
      }
    }
    // Nested calls' regions merge into this one: laid out one after another.
    Object region = new Object();
    for (FrameSlot slot : callee.slots()) {
      slot.setRegion(region);
    }
    f.slots().addAll(f.slots().indexOf(site.slotBefore()) + 1, callee.slots());
    f.insertHelperCalls(f.helperCalls().indexOf(site.helperCallBefore()) + 1, callee.helperCalls());
    List<Reg> nullable = new ArrayList<>();
    callee.nullable().forEach(r -> nullable.add(regs.get(r)));
    f.insertNullable(site.nullableBefore(), nullable);
    callee.mapPointers().forEach((r, outer) -> f.markMapPointer(regs.get(r), outer));
    // The checks are the callee's own Branch objects, now in the spliced blocks.
    callee.directArmChecks().forEach((br, arm) -> f.markDirectArmCheck(br, blocks.get(arm)));

    if (site.result() != null) {
      continuation.add(new Mov(site.result(), f.fixed(Register.R0), true, line));
    }
    after.forEach(continuation::add);
    List<Block> layout = new ArrayList<>(blocks.values());
    layout.add(continuation);
    f.blocks().addAll(f.blocks().indexOf(site.layoutAnchor()) + 1, layout);
  }

  private static Block blockOf(Function f, Insn insn) {
    for (Block b : f.blocks()) {
      if (b.insns().contains(insn)) {
        return b;
      }
    }
    throw new IllegalStateException("inline site outside the function");
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
}
