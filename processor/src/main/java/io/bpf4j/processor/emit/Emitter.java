package io.bpf4j.processor.emit;

import io.bpf4j.object.insn.Assembler;
import io.bpf4j.object.insn.Code;
import io.bpf4j.object.insn.Label;
import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AtomicOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.ByteSwap;
import io.bpf4j.processor.ir.Call;
import io.bpf4j.processor.ir.CoreAccess;
import io.bpf4j.processor.ir.CoreValue;
import io.bpf4j.processor.ir.DataAddr;
import io.bpf4j.processor.ir.Exit;
import io.bpf4j.processor.ir.Ext;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.Jump;
import io.bpf4j.processor.ir.Load;
import io.bpf4j.processor.ir.MapAddr;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Neg;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.PacketLoad;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.ir.Store;
import io.bpf4j.processor.model.KernelStructView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Turns allocated IR into eBPF instructions: blocks in layout order, jumps to the next block
 * omitted, branches inverted so the likely path falls through.
 */
public final class Emitter {
  private final Function f;
  private final Map<Reg, Register> regs;
  private final Assembler asm = new Assembler();
  private final Map<Block, Label> labels = new HashMap<>();
  private int line = -1;

  private final ToIntFunction<KernelStructView> coreTypes;

  private Emitter(Function f, Map<Reg, Register> regs, ToIntFunction<KernelStructView> coreTypes) {
    this.f = f;
    this.regs = regs;
    this.coreTypes = coreTypes;
  }

  public static Code emit(Function f, Map<Reg, Register> regs) {
    return emit(
        f,
        regs,
        v -> {
          throw new IllegalStateException("no BTF for CO-RE access to " + v.kernelName());
        });
  }

  /** Emits {@code f}; {@code coreTypes} gives the local BTF type of each view CO-RE starts from. */
  public static Code emit(
      Function f, Map<Reg, Register> regs, ToIntFunction<KernelStructView> coreTypes) {
    return new Emitter(f, regs, coreTypes).run();
  }

  private void core(CoreAccess access) {
    asm.core(coreTypes.applyAsInt(access.view()), access.accessString(), access.kind());
  }

  private Code run() {
    List<Block> blocks = f.blocks();
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      Block next = i + 1 < blocks.size() ? blocks.get(i + 1) : null;
      asm.bind(label(b));
      for (Insn insn : b.insns()) {
        emit(insn, next);
      }
    }
    return asm.build();
  }

  private Label label(Block b) {
    return labels.computeIfAbsent(b, k -> new Label("LBB_" + f.name() + "_" + k.id()));
  }

  private Register r(Operand o) {
    Reg reg = (Reg) o;
    return reg.isFixed() ? reg.fixed() : regs.get(reg);
  }

  private void markLine(Insn insn) {
    if (insn.line() > 0 && insn.line() != line) {
      line = insn.line();
      asm.line(line, 0);
    } else if (line == -1) {
      line = Math.max(insn.line(), 0);
      asm.line(line, 0);
    }
  }

  private void emit(Insn insn, Block next) {
    markLine(insn);
    if (insn instanceof Mov m) {
      mov(m);
    } else if (insn instanceof Alu a) {
      int offset = a.signed() ? 1 : 0;
      if (a.src() instanceof Imm i) {
        asm.alu(a.dst().is64(), a.op().bits(), r(a.dst()), i.value(), offset);
      } else {
        asm.alu(a.dst().is64(), a.op().bits(), r(a.dst()), r(a.src()), offset);
      }
    } else if (insn instanceof Neg n) {
      asm.neg(n.dst().is64(), r(n.dst()));
    } else if (insn instanceof Ext e) {
      if (e.dst().is64()) {
        asm.movsx64(r(e.dst()), r(e.src()), e.fromBits());
      } else {
        asm.movsx32(r(e.dst()), r(e.src()), e.fromBits());
      }
    } else if (insn instanceof ByteSwap s) {
      asm.endian(r(s.dst()), s.bits(), true);
    } else if (insn instanceof Load l) {
      Register base = baseReg(l.base());
      int off = baseOffset(l.base()) + l.offset();
      if (l.signed() && l.size() < 4) {
        asm.ldxsx(l.size(), r(l.dst()), base, off);
      } else {
        asm.ldx(l.size(), r(l.dst()), base, off);
      }
      if (l.core() != null) {
        core(l.core());
      }
    } else if (insn instanceof Store s) {
      Register base = baseReg(s.base());
      int off = baseOffset(s.base()) + s.offset();
      if (s.src() instanceof Imm i) {
        asm.st(s.size(), base, off, i.value());
      } else {
        asm.stx(s.size(), base, off, r(s.src()));
      }
    } else if (insn instanceof AtomicOp a) {
      asm.atomic(
          a.size(), a.atomicOp(), baseReg(a.base()), baseOffset(a.base()) + a.offset(), r(a.src()));
    } else if (insn instanceof Call c) {
      if (c.function() != null) {
        asm.callFunction(c.function());
      } else {
        asm.call(c.helperId());
      }
    } else if (insn instanceof PacketLoad p) {
      if (p.offset() instanceof Imm i) {
        asm.ldAbs(p.size(), (int) i.value());
      } else {
        asm.ldInd(p.size(), r(p.offset()), p.displacement());
      }
    } else if (insn instanceof Exit) {
      asm.exit();
    } else if (insn instanceof Jump j) {
      if (j.target() != next) {
        asm.ja(label(j.target()));
      }
    } else if (insn instanceof Branch br) {
      branch(br, next);
    } else {
      throw new IllegalStateException("cannot emit " + insn);
    }
  }

  private void mov(Mov m) {
    Register dst = r(m.dst());
    Operand src = m.src();
    if (src instanceof Reg s) {
      if (r(s) != dst || m.truncates()) {
        asm.alu(m.is64(), io.bpf4j.object.insn.Opcode.MOV, dst, r(s));
      }
    } else if (src instanceof Imm i) {
      if (!m.is64()) {
        asm.mov32(dst, (int) i.value());
      } else if (i.fitsInt32()) {
        asm.mov64(dst, i.value());
      } else {
        asm.ldImm64(dst, i.value());
      }
    } else if (src instanceof FrameAddr a) {
      asm.mov64(dst, Register.R10);
      asm.alu(true, io.bpf4j.object.insn.Opcode.ADD, dst, baseOffset(a));
    } else if (src instanceof MapAddr map) {
      asm.ldMap(dst, map.mapName());
    } else if (src instanceof io.bpf4j.processor.ir.FuncAddr f) {
      asm.ldFunction(dst, f.symbol());
    } else if (src instanceof DataAddr d) {
      asm.ldData(dst, d.section(), d.offset());
    } else if (src instanceof CoreValue c) {
      // Always the 64-bit mov, as clang writes it: the value is small and non-negative, so the
      // upper half is zero either way.
      asm.alu(true, io.bpf4j.object.insn.Opcode.MOV, dst, c.access().localValue());
      core(c.access());
    }
  }

  private Register baseReg(Operand base) {
    return base instanceof FrameAddr ? Register.R10 : r(base);
  }

  private static int baseOffset(Operand base) {
    return base instanceof FrameAddr a ? a.slot().offset() + a.offset() : 0;
  }

  private void branch(Branch br, Block next) {
    var cond = br.cond();
    Block taken = br.ifTrue();
    Block fall = br.ifFalse();
    if (taken == next) {
      cond = cond.negate();
      taken = br.ifFalse();
      fall = br.ifTrue();
    }
    Register a = r(br.a());
    if (br.b() instanceof Imm i) {
      if (br.is64()) {
        asm.jmp(cond.jumpOp(), a, i.value(), label(taken));
      } else {
        asm.jmp32(cond.jumpOp(), a, i.value(), label(taken));
      }
    } else if (br.is64()) {
      asm.jmp(cond.jumpOp(), a, r(br.b()), label(taken));
    } else {
      asm.jmp32(cond.jumpOp(), a, r(br.b()), label(taken));
    }
    if (fall != next) {
      asm.ja(label(fall));
    }
  }
}
