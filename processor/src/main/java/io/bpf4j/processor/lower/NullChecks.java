package io.bpf4j.processor.lower;

import io.bpf4j.object.kernel.Helper;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.MapInMapMessages;
import io.bpf4j.processor.ir.AtomicOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Call;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Load;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.ir.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Java throws on a dereference of null; BPF code ends the program with 0 instead, and the verifier
 * insists on a null check before any access through a pointer that may be null (a map lookup's
 * result). This pass finds dereferences of possibly-null registers that no earlier check covers and
 * inserts {@code if (r == 0) return 0} before them. Passing such a register to a helper as a
 * pointer (a map value given to {@code update}) dereferences it too.
 */
public final class NullChecks {
  private NullChecks() {}

  public static void insert(Function f, Set<Reg> nullableSources) {
    Set<Reg> nullable = nullable(f, nullableSources);
    if (nullable.isEmpty()) {
      return;
    }
    Map<Block, Set<Reg>> entry = checkedAtEntry(f, nullable);
    Block returnZero = null;
    for (Block b : new ArrayList<>(f.blocks())) {
      Set<Reg> checked = entry.get(b);
      if (checked == null) {
        continue;
      }
      checked = new HashSet<>(checked);
      Block current = b;
      List<Insn> insns = new ArrayList<>(b.insns());
      current.insns().clear();
      for (int k = 0; k < insns.size(); k++) {
        Insn insn = insns.get(k);
        checkMapPointer(f, insn, nullable, checked);
        Reg base = dereferencedBase(insns, k);
        if (base != null && nullable.contains(base) && !checked.contains(base)) {
          if (returnZero == null) {
            returnZero = f.newBlock();
            f.failInto(returnZero, insn.line());
          }
          Block cont = f.newBlock();
          current.add(new Branch(Cond.EQ, true, base, new Imm(0), returnZero, cont, insn.line()));
          f.blocks().remove(cont);
          f.blocks().add(f.blocks().indexOf(current) + 1, cont);
          current = cont;
          checked.add(base);
        }
        current.add(insn);
        transfer(insn, base, checked, nullable);
      }
    }
  }

  /**
   * An inner map looked up in a map of maps is a map pointer only after a null check: the verifier
   * refuses it as a helper's map argument before. Unlike a dereference, which Java code may expect
   * to fail, using a map that may be missing is a mistake worth a javac error, not an inserted
   * check that silently ends the program.
   */
  private static void checkMapPointer(Function f, Insn insn, Set<Reg> nullable, Set<Reg> checked) {
    if (insn instanceof Mov m
        && m.dst().isFixed()
        && m.dst().fixed() == io.bpf4j.object.insn.Register.R1
        && m.src() instanceof Reg src
        && f.mapPointers().containsKey(src)
        && nullable.contains(src)
        && !checked.contains(src)) {
      throw new CompileError(
          insn.line(), MapInMapMessages.innerMapWithoutNullCheck(f.mapPointers().get(src)));
    }
  }

  /** Registers that may hold null: lookup results, null constants, and copies of those. */
  private static Set<Reg> nullable(Function f, Set<Reg> sources) {
    Set<Reg> out = new HashSet<>(sources);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Block b : f.blocks()) {
        for (Insn i : b.insns()) {
          if (i instanceof Mov m
              && m.dst().kind() == Reg.Kind.REF
              && !m.dst().isFixed()
              && (m.src() instanceof Imm || m.src() instanceof Reg s && out.contains(s))) {
            changed |= out.add(m.dst());
          }
        }
      }
    }
    return out;
  }

  private static Map<Block, Set<Reg>> checkedAtEntry(Function f, Set<Reg> nullable) {
    Map<Block, Set<Reg>> entry = new HashMap<>();
    entry.put(f.entry(), new HashSet<>());
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Block b : f.blocks()) {
        Set<Reg> in = entry.get(b);
        if (in == null) {
          continue;
        }
        Set<Reg> out = new HashSet<>(in);
        List<Insn> insns = b.insns();
        for (int k = 0; k < insns.size(); k++) {
          transfer(insns.get(k), dereferencedBase(insns, k), out, nullable);
        }
        for (Block s : b.successors()) {
          Set<Reg> edge = new HashSet<>(out);
          if (b.terminator() instanceof Branch br && isNullTest(br)) {
            Reg r = (Reg) br.a();
            boolean nonNullWhenTrue = br.cond() == Cond.NE;
            if ((s == br.ifTrue()) == nonNullWhenTrue && br.ifTrue() != br.ifFalse()) {
              edge.add(r);
            }
          }
          Set<Reg> old = entry.get(s);
          Set<Reg> merged = old == null ? edge : intersect(old, edge);
          if (old == null || !merged.equals(old)) {
            entry.put(s, merged);
            changed = true;
          }
        }
      }
    }
    return entry;
  }

  private static boolean isNullTest(Branch br) {
    return br.is64()
        && (br.cond() == Cond.EQ || br.cond() == Cond.NE)
        && br.a() instanceof Reg
        && br.b() instanceof Imm i
        && i.value() == 0;
  }

  private static Set<Reg> intersect(Set<Reg> a, Set<Reg> b) {
    Set<Reg> out = new HashSet<>(a);
    out.retainAll(b);
    return out;
  }

  private static void transfer(Insn insn, Reg base, Set<Reg> checked, Set<Reg> nullable) {
    if (base != null && nullable.contains(base)) {
      // Checked here (or by the check this pass inserts before it) and so non-null after.
      checked.add(base);
    }
    if (insn instanceof Mov m && m.src() instanceof Reg s && checked.contains(s)) {
      checked.add(m.dst());
      return;
    }
    if (insn instanceof Call) {
      return;
    }
    for (Reg d : insn.defs()) {
      checked.remove(d);
    }
  }

  /** The register instruction {@code k} of {@code insns} reads memory through, or null. */
  private static Reg dereferencedBase(List<Insn> insns, int k) {
    Insn insn = insns.get(k);
    // r1 of a helper is the map or the context (which a callee is given, never null), except for
    // the ring buffer record that bpf_ringbuf_submit and bpf_ringbuf_discard take there.
    if (insn instanceof Mov m && m.dst().isFixed() && m.src() instanceof Reg src) {
      return helperPointerArgument(insns, k, m) ? src : null;
    }
    Operand base = null;
    if (insn instanceof Load l) {
      base = l.base();
    } else if (insn instanceof Store s) {
      base = s.base();
    } else if (insn instanceof AtomicOp a) {
      base = a.base();
    }
    return base instanceof Reg r ? r : null;
  }

  /**
   * Whether {@code move} (instruction {@code k}) loads a pointer argument of the helper call that
   * follows in the block: helpers read through every pointer they get here (keys, values, records),
   * while a BPF-to-BPF callee checks its own possibly-null parameters.
   */
  private static boolean helperPointerArgument(List<Insn> insns, int k, Mov move) {
    for (int j = k + 1; j < insns.size(); j++) {
      if (insns.get(j) instanceof Call c) {
        return c.function() == null
            && c.argRegs().contains(move.dst())
            && (move.dst().fixed() != io.bpf4j.object.insn.Register.R1
                || c.helperId() == Helper.RINGBUF_SUBMIT.id()
                || c.helperId() == Helper.RINGBUF_DISCARD.id());
      }
    }
    return false;
  }
}
