package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Ext;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scalar replacement of stack objects: a slot whose address is only ever the base of loads and
 * stores at constant offsets (never a helper argument, never copied into a register, never an
 * atomic's base) has each of its fields replaced by a virtual register. Stores become moves into
 * the field's register, loads moves out of it with the load's extension, and the zeroing of a new
 * object moves of 0.
 *
 * <p>A slot qualifies only when its accesses partition it: every load and register store names
 * exactly one field, and only constant stores (the zeroing) may span several fields. Objects
 * updated in a loop become registers too: a register carries a precise range through the loop where
 * a stack slot's contents are forgotten, and the verifier's pruning then depends on which arm it
 * walks first, which the block layout arranges (emit.BlockLayout).
 */
final class ScalarReplacement {
  /** The BPF stack: an object larger than it is an error the optimizer must not hide. */
  private static final int MAX_STACK = 512;

  /** One load or store of a candidate slot at a constant offset. */
  private record Access(Insn insn, Block block, int offset, int size) {
    boolean spansConstant() {
      return insn instanceof Store s && s.src() instanceof Imm;
    }

    boolean contains(Access o) {
      return offset <= o.offset && o.offset + o.size <= offset + size;
    }

    boolean overlaps(Access o) {
      return offset < o.offset + o.size && o.offset < offset + size;
    }

    boolean sameRange(Access o) {
      return offset == o.offset && size == o.size;
    }
  }

  /** A field of a replaced slot: {@code size} bytes at {@code offset}, held in {@code reg}. */
  private record Field(int offset, int size, Reg reg) {}

  private final Function f;
  private final Map<Reg, Insn> singleDef;

  private ScalarReplacement(Function f) {
    this.f = f;
    this.singleDef = Definitions.single(f);
  }

  static void run(Function f) {
    if (f.blocks().isEmpty() || Definitions.entryIsLoopHead(f)) {
      return; // the fields' initial moves go at the entry, which must run once
    }
    new ScalarReplacement(f).replaceAll();
  }

  private void replaceAll() {
    Map<FrameSlot, List<Access>> accesses = new LinkedHashMap<>();
    Set<FrameSlot> escaping = new HashSet<>();
    for (Block b : f.blocks()) {
      for (Insn i : b.insns()) {
        collect(i, b, accesses, escaping);
      }
    }
    for (Map.Entry<FrameSlot, List<Access>> e : accesses.entrySet()) {
      FrameSlot slot = e.getKey();
      if (escaping.contains(slot) || slot.purpose() == FrameSlot.Purpose.SPILL) {
        continue;
      }
      List<Field> fields = partition(slot, e.getValue());
      if (fields != null) {
        replace(slot, e.getValue(), fields);
      }
    }
  }

  private static void collect(
      Insn i, Block b, Map<FrameSlot, List<Access>> accesses, Set<FrameSlot> escaping) {
    if (i instanceof Load l && l.base() instanceof FrameAddr a) {
      if (l.core() != null) {
        escaping.add(a.slot());
      }
      add(accesses, a.slot(), new Access(i, b, a.offset() + l.offset(), l.size()));
      return;
    }
    if (i instanceof Store s && s.base() instanceof FrameAddr a) {
      if (s.src() instanceof Reg || s.src() instanceof Imm) {
        add(accesses, a.slot(), new Access(i, b, a.offset() + s.offset(), s.size()));
      } else {
        escaping.add(a.slot());
      }
      if (s.src() instanceof FrameAddr stored) {
        escaping.add(stored.slot());
      }
      return;
    }
    // Any other mention of a slot's address lets it escape: a helper argument, a copy, an atomic.
    i.mapUses(
        o -> {
          if (o instanceof FrameAddr a) {
            escaping.add(a.slot());
          }
          return o;
        });
  }

  private static void add(Map<FrameSlot, List<Access>> accesses, FrameSlot slot, Access a) {
    accesses.computeIfAbsent(slot, k -> new ArrayList<>()).add(a);
  }

  /**
   * The slot's fields, or null when its accesses do not partition it or it is stored to in a loop.
   * Two accesses of different ranges may overlap only when one is a constant store containing the
   * other; the fields are the ranges that contain no other access.
   */
  private List<Field> partition(FrameSlot slot, List<Access> all) {
    if (slot.size() > MAX_STACK) {
      return null; // refused as too large for the stack, optimized or not
    }
    for (Access a : all) {
      if (a.offset() < 0
          || a.offset() + a.size() > slot.size()
          || Integer.bitCount(a.size()) != 1
          || a.size() > 8) {
        return null;
      }
    }
    List<Access> ranges = new ArrayList<>();
    for (Access a : all) {
      if (ranges.stream().noneMatch(a::sameRange)) {
        ranges.add(a);
      }
    }
    for (Access a : all) {
      for (Access b : all) {
        if (!a.sameRange(b)
            && a.overlaps(b)
            && !(a.spansConstant() && a.contains(b))
            && !(b.spansConstant() && b.contains(a))) {
          return null;
        }
      }
    }
    List<Field> fields = new ArrayList<>();
    for (Access r : ranges) {
      if (ranges.stream().noneMatch(o -> o != r && r.contains(o))) {
        Reg.Kind kind = r.size() == 8 ? Reg.Kind.LONG : Reg.Kind.INT;
        fields.add(new Field(r.offset(), r.size(), f.newReg(kind, slot.name() + "_" + r.offset())));
      }
    }
    return fields;
  }

  private void replace(FrameSlot slot, List<Access> all, List<Field> fields) {
    Map<Field, List<Operand>> stored = new HashMap<>();
    Map<Insn, List<Insn>> replacement = new HashMap<>();
    for (Access a : all) {
      if (a.insn() instanceof Store s) {
        List<Insn> moves = new ArrayList<>();
        for (Field field : fields) {
          if (field.offset() >= a.offset()
              && field.offset() + field.size() <= a.offset() + a.size()) {
            Operand value = storedValue(s, field.offset() - a.offset(), field);
            stored.computeIfAbsent(field, k -> new ArrayList<>()).add(value);
            moves.add(new Mov(field.reg(), value, field.size() == 8, s.line()));
          }
        }
        replacement.put(s, moves);
      }
    }
    for (Access a : all) {
      if (a.insn() instanceof Load l) {
        Field field =
            fields.stream().filter(x -> x.offset() == a.offset()).findFirst().orElseThrow();
        replacement.put(l, loadOf(l, field, stored.getOrDefault(field, List.of())));
      }
    }
    for (Block b : f.blocks()) {
      List<Insn> out = new ArrayList<>(b.insns().size());
      for (Insn i : b.insns()) {
        List<Insn> r = replacement.get(i);
        if (r == null) {
          out.add(i);
        } else {
          out.addAll(r);
        }
      }
      b.insns().clear();
      b.insns().addAll(out);
    }
    // Read before any store on some path: the value a new object starts with. Dead code removal
    // drops the moves of fields every path stores before reading.
    List<Insn> initial = new ArrayList<>();
    for (Field field : fields) {
      initial.add(new Mov(field.reg(), new Imm(0), field.size() == 8, 0));
    }
    f.entry().insns().addAll(0, initial);
    f.slots().remove(slot);
  }

  /** The value a store puts into the field {@code within} bytes into the stored range. */
  private static Operand storedValue(Store s, int within, Field field) {
    if (s.src() instanceof Imm imm) {
      long bits = field.size() == 8 ? imm.value() : (imm.value() >>> (8 * within)) & mask(field);
      return new Imm(field.size() == 8 ? bits : (int) bits);
    }
    return s.src();
  }

  private static long mask(Field field) {
    return field.size() == 8 ? -1L : (1L << (8 * field.size())) - 1;
  }

  /**
   * The moves that give a load's destination what it would have read from the field: its low {@code
   * size} bytes, extended as the load extends. Narrow fields whose every stored value is already so
   * extended need no masking or extension of their own.
   */
  private List<Insn> loadOf(Load l, Field field, List<Operand> values) {
    Reg dst = l.dst();
    Reg src = field.reg();
    int line = l.line();
    int size = l.size();
    if (size == 8) {
      return List.of(new Mov(dst, src, true, line));
    }
    boolean extended = values.stream().allMatch(v -> alreadyExtended(v, size, l.signed()));
    if (l.signed()) {
      if (size < 4 && !extended) {
        return List.of(new Ext(dst, src, 8 * size, line));
      }
      return List.of(dst.is64() ? new Ext(dst, src, 32, line) : new Mov(dst, src, false, line));
    }
    if (size == 4 || extended) {
      return List.of(dst.is64() ? Mov.zeroExtend(dst, src, line) : new Mov(dst, src, false, line));
    }
    return List.of(
        new Mov(dst, src, false, line), new Alu(AluOp.AND, false, dst, new Imm(mask(field)), line));
  }

  /**
   * Whether the stored value's low 32 bits already are the extension of its low {@code size} bytes
   * that a load of them would make: a constant in range, or a register defined once by such a load
   * or extension.
   */
  private boolean alreadyExtended(Operand value, int size, boolean signed) {
    int bits = 8 * size;
    if (value instanceof Imm imm) {
      return signed ? imm.value() < (1L << (bits - 1)) : true;
    }
    Insn def = value instanceof Reg r ? singleDef.get(r) : null;
    if (signed) {
      return (def instanceof Ext e && e.fromBits() == bits)
          || (def instanceof Load d && d.signed() && d.size() <= size);
    }
    return def instanceof Load d && !d.signed() && d.size() <= size;
  }
}
