package io.bpf4j.processor.regalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.Alu;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Moves that allocation removes: zero extensions already done, copies of dying operands. */
class MoveEliminationTest {
  private static List<Mov> moves(Function f) {
    List<Mov> out = new ArrayList<>();
    for (Block block : f.blocks()) {
      for (Insn i : block.insns()) {
        if (i instanceof Mov m && m.src() instanceof Reg) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /** An int that a 32-bit add wrote in one block, zero-extended for an address in another. */
  private static Function zeroExtendAfterJoin(boolean clobberUpperHalf) {
    Function f = new Function("zext");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    Block other = f.newBlock();
    Block join = f.newBlock();
    b.switchTo(entry);
    b.setLine(1);
    Reg base = b.copy(Reg.Kind.REF, f.fixed(Register.R1), "base");
    Reg off = b.newReg(Reg.Kind.INT, "off");
    b.load(off, base, 0, 4, false);
    b.alu(AluOp.ADD, false, off, new Imm(4));
    b.branch(Cond.EQ, false, off, new Imm(8), join, other);
    b.switchTo(other);
    if (clobberUpperHalf) {
      Reg wide = b.newReg(Reg.Kind.LONG, "wide");
      b.load(wide, base, 8, 8, false);
      b.add(new Mov(off, wide, true, 2));
    } else {
      b.alu(AluOp.ADD, false, off, new Imm(1));
    }
    b.jump(join);
    b.switchTo(join);
    Reg index = b.newReg(Reg.Kind.LONG, "index");
    b.add(Mov.zeroExtend(index, off, 3));
    b.alu(AluOp.ADD, false, index, base);
    Reg v = b.newReg(Reg.Kind.LONG, "v");
    b.load(v, index, 0, 8, false);
    b.ret(v, true);
    return f;
  }

  @Test
  void theCopyOfTheOperandThatDiesIsTheOneThatGoes() {
    // p + off with p read again later: t = p; t += off needs a copy of p; t = off; t += p none.
    Function f = new Function("commute");
    IrBuilder b = new IrBuilder(f);
    b.switchTo(f.newBlock());
    b.setLine(1);
    Reg p = b.copy(Reg.Kind.REF, f.fixed(Register.R1), "p");
    Reg off = b.newReg(Reg.Kind.LONG, "off");
    b.load(off, p, 0, 4, false);
    Reg t = b.copy(Reg.Kind.REF, p, "t");
    b.alu(AluOp.ADD, false, t, off);
    Reg v = b.newReg(Reg.Kind.LONG, "v");
    b.load(v, t, 0, 8, false);
    Reg w = b.newReg(Reg.Kind.LONG, "w");
    b.load(w, p, 8, 8, false);
    b.alu(AluOp.ADD, false, v, w);
    b.ret(v, true);

    Map<Reg, Register> regs = RegisterAllocator.allocate(f);

    assertEquals(regs.get(off), regs.get(t), "the sum takes the dying offset's register");
    Alu add = null;
    for (Insn i : f.blocks().get(0).insns()) {
      if (i instanceof Alu a && a.dst() == t) {
        add = a;
      }
    }
    assertEquals(p, add.src(), "the pointer is added to the offset");
    assertFalse(moves(f).stream().anyMatch(m -> m.dst() == t), "no copy into the sum left");
  }
}
