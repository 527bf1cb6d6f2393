package io.bpf4j.processor.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.IrPrinter;
import io.bpf4j.processor.ir.Reg;
import org.junit.jupiter.api.Test;

/** Counted loops that run few times become one copy of the body per trip. */
class FullUnrollingTest {
  /**
   * {@code off = 14; for (i = start; i < 3; i++) { if (data + off + 4 > end) break; off += 4; }
   * return off;} — a tag walk; {@code startFromContext} makes the start unknown.
   */
  private static Function tagWalk(boolean startFromContext) {
    PacketIr p = new PacketIr("walk");
    Function f = p.f;
    IrBuilder b = p.b;
    Reg ctx = p.ctx;
    Reg data = p.data;
    Reg end = p.end;
    Block head = f.newBlock();
    Block body = f.newBlock();
    Block latch = f.newBlock();
    Block exit = f.newBlock();
    Reg off = b.newReg(Reg.Kind.INT, "off");
    b.mov(off, new Imm(14));
    Reg i = b.newReg(Reg.Kind.INT, "i");
    if (startFromContext) {
      b.load(i, ctx, 8, 4, false);
    } else {
      b.mov(i, new Imm(0));
    }
    b.jump(head);
    b.switchTo(head);
    b.branch(Cond.SGE, false, i, new Imm(3), exit, body);
    b.switchTo(body);
    Reg at = b.copy(Reg.Kind.REF, data, "at");
    b.alu(AluOp.ADD, false, at, off);
    b.alu(AluOp.ADD, false, at, new Imm(4));
    b.branch(Cond.UGT, true, at, end, exit, latch);
    b.switchTo(latch);
    b.alu(AluOp.ADD, false, off, new Imm(4));
    b.alu(AluOp.ADD, false, i, new Imm(1));
    b.jump(head);
    b.switchTo(exit);
    b.ret(off, false);
    return f;
  }

  @Test
  void aLoopFromAConstantStartBecomesStraightLineCode() {
    Function f = tagWalk(false);

    assertTrue(FullUnrolling.run(f));
    Optimizer.run(f);

    String listing = IrPrinter.print(f);
    assertTrue(new Loops(f).loops().isEmpty(), listing);
    // every trip's check at its own constant offset
    for (int bytes : new int[] {18, 22, 26}) {
      assertTrue(listing.contains("+= " + bytes), listing);
    }
    assertFalse(listing.contains("+= %off"), listing);
  }

  @Test
  void aLoopWhoseStartIsNotKnownStays() {
    Function f = tagWalk(true);

    assertFalse(FullUnrolling.run(f));
    assertEquals(1, new Loops(f).loops().size());
  }

  @Test
  void aPlainLoopIsUnrolledOnlyWhenTheCopiesAreHardlyLarger() {
    Function f = new Function("sum");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    Block head = f.newBlock();
    Block body = f.newBlock();
    Block exit = f.newBlock();
    b.setLine(3);
    b.switchTo(entry);
    Reg x = b.newReg(Reg.Kind.INT, "x");
    b.load(x, f.fixed(Register.R1), 0, 4, false);
    Reg i = b.newReg(Reg.Kind.INT, "i");
    b.mov(i, new Imm(0));
    b.jump(head);
    b.switchTo(head);
    b.branch(Cond.SGE, false, i, new Imm(10), exit, body);
    b.switchTo(body);
    b.alu(AluOp.MUL, false, x, new Imm(31));
    b.alu(AluOp.XOR, false, x, i);
    b.alu(AluOp.ADD, false, i, new Imm(1));
    b.jump(head);
    b.switchTo(exit);
    b.ret(x, false);

    assertFalse(FullUnrolling.run(f), "ten copies of a four-instruction body");
  }
}
