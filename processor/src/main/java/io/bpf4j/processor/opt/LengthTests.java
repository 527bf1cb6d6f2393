package io.bpf4j.processor.opt;

import io.bpf4j.object.kernel.ContextType;
import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns a test of the packet's length into the pointer test the verifier learns bounds from: {@code
 * if (length() < K)} becomes {@code if (data + K > data_end)}, and {@code if (off + K > length())}
 * becomes {@code if (data + off + K > data_end)} when {@code off} is a {@link PathConstants path
 * constant} (each path's offset is exact for the verifier, so the reads at {@code off + j} that
 * follow need no check of their own). The length must be {@code (int) (dataEnd - data)} computed in
 * the same block from the packet pointers and read by nothing else.
 */
final class LengthTests {
  private final Function f;
  private final Supplier<PathConstants> constants;
  private final Supplier<ValueRanges> ranges;

  /**
   * Reads per register, from before this pass's rewrites: they only replace a length's single read
   * or add reads of new registers.
   */
  private Map<Reg, Integer> useCounts;

  LengthTests(Function f, Supplier<PathConstants> constants, Supplier<ValueRanges> ranges) {
    this.f = f;
    this.constants = constants;
    this.ranges = ranges;
  }

  /** The packet pointers a length was computed from. */
  private record Pointers(Reg data, Reg dataEnd) {}

  /**
   * The instructions that replace {@code br} (at {@code b.insns()[at]}), or null. {@code length C
   * x} needs x bytes for {@code <} and {@code >=}, x + 1 for {@code <=} and {@code >}; it is true
   * for a short packet with {@code <} and {@code <=}.
   */
  List<Insn> pointerTest(Block b, int at, Branch br, PacketFacts facts) {
    if (br.is64() || !(br.a() instanceof Reg a)) {
      return null;
    }
    List<Insn> insns = b.insns();
    Cond cond = br.cond();
    Reg len = a;
    Pointers ptrs = lengthOf(insns, at, a, facts);
    if (ptrs == null && br.b() instanceof Reg other) {
      // off + K > length(): the length on the left, the condition mirrored.
      len = other;
      ptrs = lengthOf(insns, at, other, facts);
      cond = mirrored(cond);
    }
    if (ptrs == null || cond == null || uses(len) != 1) {
      // The length is needed anyway: the pointer test would only add instructions.
      return null;
    }
    long adjust =
        switch (cond) {
          case SLT, SGE -> 0;
          case SGT, SLE -> 1;
          default -> -1;
        };
    if (adjust < 0) {
      return null;
    }
    Reg var = null;
    boolean varying = false;
    long bytes;
    if (br.b() instanceof Imm k) {
      bytes = k.value() + adjust;
    } else {
      Reg compared = len == a ? (Reg) br.b() : a;
      PacketFacts.Sum sum = facts.sumOf(compared);
      long[] values = constants.get().onEdge(b, br.ifTrue(), sum.var());
      bytes = sum.offset() + adjust;
      if (values == null) {
        // Not a constant on each path: the pointer gets the int's own bounds from the verifier,
        // and the reads it covers go through it (PacketChecks).
        if (!varRange(b, br, compared, sum).within(new Range(0, 0xffff))) {
          return null;
        }
        varying = true;
        var = sum.var();
      } else if (values[0] < 0 || values[values.length - 1] > 0xffff) {
        return null;
      } else if (values.length == 1) {
        bytes += values[0]; // one value on every path: a constant offset
      } else {
        var = sum.var();
      }
    }
    // With an offset register, K may be 0 ({@code off > length()}): the offset is the bytes.
    if (bytes < (var == null ? 1 : 0) || bytes > 0xffff) {
      return null;
    }
    boolean trueWhenShort = cond == Cond.SLT || cond == Cond.SLE;
    Block shortPacket = trueWhenShort ? br.ifTrue() : br.ifFalse();
    Block longEnough = trueWhenShort ? br.ifFalse() : br.ifTrue();
    int line = br.line();
    Reg limit = f.newReg(Reg.Kind.REF, "limit");
    Branch test = new Branch(Cond.UGT, true, limit, ptrs.dataEnd(), shortPacket, longEnough, line);
    if (var == null) {
      return List.of(
          new Mov(limit, ptrs.data(), true, line),
          new Alu(AluOp.ADD, false, limit, new Imm(bytes), line),
          test);
    }
    if (varying) {
      // The upper half cleared where the verifier sees it, as for any int added to a pointer.
      Reg offset = f.newReg(Reg.Kind.INT, "off");
      return List.of(
          Mov.zeroExtend(offset, var, line),
          new Mov(limit, ptrs.data(), true, line),
          new Alu(AluOp.ADD, false, limit, offset, line),
          new Alu(AluOp.ADD, false, limit, new Imm(bytes), line),
          test);
    }
    // A path constant needs no zero extension: the verifier knows its exact value on each path.
    return List.of(
        new Mov(limit, ptrs.data(), true, line),
        new Alu(AluOp.ADD, false, limit, var, line),
        new Alu(AluOp.ADD, false, limit, new Imm(bytes), line),
        test);
  }

  /**
   * What {@code sum.var()} holds at {@code br}: its own range, or, where it is no longer live there
   * (the test reads a copy plus a constant), the compared int's range less the constant. An int
   * plus at most 0xffff that lies within [c, c + 0xffff] was within [0, 0xffff], wrapping or not.
   */
  private Range varRange(Block b, Branch br, Reg compared, PacketFacts.Sum sum) {
    Range own = ranges.get().before(b, br, sum.var());
    if (own.within(new Range(0, 0xffff))) {
      return own;
    }
    Range seen = ranges.get().before(b, br, compared);
    if (!seen.within(new Range(sum.offset(), sum.offset() + 0xffff))) {
      return own;
    }
    return new Range(seen.lo() - sum.offset(), seen.hi() - sum.offset());
  }

  /** {@code x C len} as {@code len C' x}. */
  private static Cond mirrored(Cond c) {
    return switch (c) {
      case SLT -> Cond.SGT;
      case SLE -> Cond.SGE;
      case SGT -> Cond.SLT;
      case SGE -> Cond.SLE;
      default -> null;
    };
  }

  /**
   * The packet pointers {@code len = (int) (dataEnd - data)} was computed from in this block before
   * {@code insns[at]}, when both still hold their context fields; or null.
   */
  private static Pointers lengthOf(List<Insn> insns, int at, Reg len, PacketFacts facts) {
    int lenDef = lastDef(insns, at, len);
    Reg diff;
    int subDef;
    if (lenDef >= 0 && insns.get(lenDef) instanceof Mov narrow && narrow.src() instanceof Reg d) {
      diff = d;
      subDef = lastDef(insns, lenDef, diff);
    } else {
      // The narrowing move propagated away: the 32-bit test reads the difference's low half.
      diff = len;
      subDef = lenDef;
    }
    if (diff.kind() != Reg.Kind.LONG) {
      return null;
    }
    if (subDef < 0
        || !(insns.get(subDef) instanceof Alu sub)
        || sub.op() != AluOp.SUB
        || !(sub.src() instanceof Reg data)) {
      return null;
    }
    int copyDef = lastDef(insns, subDef, diff);
    if (copyDef < 0
        || !(insns.get(copyDef) instanceof Mov copy)
        || !copy.is64()
        || !(copy.src() instanceof Reg dataEnd)) {
      return null;
    }
    PacketFacts.Field start = facts.fieldHeldBy(data);
    PacketFacts.Field end = facts.fieldHeldBy(dataEnd);
    if (start == null
        || end == null
        || data.kind() != Reg.Kind.REF
        || dataEnd.kind() != Reg.Kind.REF
        || start.size() != 4
        || end.size() != 4
        || ContextType.withPacketPointersAt(start.offset(), end.offset()) == null) {
      return null;
    }
    return new Pointers(data, dataEnd);
  }

  /** How many instructions read {@code r}, counted once for the whole function. */
  private int uses(Reg r) {
    if (useCounts == null) {
      useCounts = new HashMap<>();
      for (Block b : f.blocks()) {
        for (Insn i : b.insns()) {
          for (Reg u : new HashSet<>(i.uses())) {
            useCounts.merge(u, 1, Integer::sum);
          }
        }
      }
    }
    return useCounts.getOrDefault(r, 0);
  }

  /** The index of the last instruction before {@code before} that writes {@code r}, or -1. */
  private static int lastDef(List<Insn> insns, int before, Reg r) {
    for (int k = before - 1; k >= 0; k--) {
      if (insns.get(k).defs().contains(r)) {
        return k;
      }
    }
    return -1;
  }
}
