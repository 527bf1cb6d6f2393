package io.bpf4j.processor.emit;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.AtomicOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Call;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.InlineSite;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Jump;
import io.bpf4j.processor.ir.Load;
import io.bpf4j.processor.ir.PacketLoad;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.ir.Store;
import io.bpf4j.processor.opt.Optimizer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * After register allocation, keeps one copy of blocks that became the same machine code: the same
 * instructions on the same registers with the same successors (typically the {@code *out = 1;
 * return 0} that every failed read of a parser ends in, one per read in the source). Every jump to
 * a copy goes to the first instead; repeated until no two blocks are alike, since merging the
 * successors of two blocks can make them alike.
 *
 * <p>Two kinds of blocks stay apart, for the verifier: those with calls (it records per call
 * instruction which map a helper was given) and those whose memory accesses go through different
 * virtual registers (it rewrites a context access per instruction and refuses one instruction that
 * reaches the context on one path and other memory on another; one virtual register holds the same
 * kind of pointer on every path, two need not).
 */
public final class IdenticalBlocks {
  private static final Pattern VIRTUAL = Pattern.compile("%[^\\s,()\\]]+\\.\\d+");

  private IdenticalBlocks() {}

  public static void merge(Function f, Map<Reg, Register> registers) {
    boolean changed = true;
    while (changed) {
      changed = false;
      Map<String, Block> first = new HashMap<>();
      Map<Block, Block> canonical = new HashMap<>();
      for (Block b : f.blocks()) {
        String key = key(b, registers);
        if (key == null) {
          continue;
        }
        Block c = first.putIfAbsent(key, b);
        if (c != null && b != f.entry()) {
          canonical.put(b, c);
        }
      }
      if (canonical.isEmpty()) {
        return;
      }
      for (Block b : f.blocks()) {
        if (b.insns().isEmpty()) {
          continue;
        }
        Insn t = b.terminator();
        if (t instanceof Jump j && canonical.containsKey(j.target())) {
          j.setTarget(canonical.get(j.target()));
          changed = true;
        } else if (t instanceof Branch br
            && (canonical.containsKey(br.ifTrue()) || canonical.containsKey(br.ifFalse()))) {
          br.setTargets(
              canonical.getOrDefault(br.ifTrue(), br.ifTrue()),
              canonical.getOrDefault(br.ifFalse(), br.ifFalse()));
          changed = true;
        }
      }
      Optimizer.removeUnreachable(f);
    }
  }

  /**
   * The block's machine code as text: each virtual register printed as the machine register it got
   * and its width (which decides the ALU class); a memory access also names its virtual base
   * register. Null for blocks never merged.
   */
  private static String key(Block b, Map<Reg, Register> registers) {
    if (b.insns().isEmpty() || !b.isTerminated()) {
      return null;
    }
    StringBuilder key = new StringBuilder();
    for (Insn i : b.insns()) {
      if (i instanceof Call || i instanceof InlineSite || i instanceof PacketLoad) {
        return null;
      }
      Map<String, String> names = new HashMap<>();
      Set<Reg> regs = new LinkedHashSet<>(i.uses());
      regs.addAll(i.defs());
      for (Reg r : regs) {
        if (!r.isFixed()) {
          names.put(r.toString(), (r.is64() ? "r" : "w") + registers.get(r).number());
        }
      }
      Matcher m = VIRTUAL.matcher(i.toString());
      StringBuilder text = new StringBuilder();
      while (m.find()) {
        String name = names.get(m.group());
        if (name == null) {
          return null;
        }
        m.appendReplacement(text, Matcher.quoteReplacement(name));
      }
      m.appendTail(text);
      key.append(text).append(';');
      if (i instanceof Load || i instanceof Store || i instanceof AtomicOp) {
        key.append("base ").append(base(i)).append(';');
      }
    }
    return key.toString();
  }

  private static Object base(Insn i) {
    if (i instanceof Load l) {
      return l.base();
    }
    if (i instanceof Store s) {
      return s.base();
    }
    return ((AtomicOp) i).base();
  }
}
