package io.bpf4j.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.regalloc.RegisterAllocator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The layout of returns after allocation, on IR built by hand: copies of one return merged ({@link
 * IdenticalBlocks}), returns moved out of the likely path ({@link BlockLayout#sinkReturns}).
 */
class ReturnBlocksTest {
  /**
   * A parser's shape: two checks, each failing into its own {@code *out = 1; return 0} between the
   * blocks of the likely path.
   */
  private static Function twoChecksFailingAlike() {
    Function f = new Function("parse");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    Block fail1 = f.newBlock();
    Block second = f.newBlock();
    Block fail2 = f.newBlock();
    Block done = f.newBlock();
    b.switchTo(entry);
    b.setLine(1);
    Reg out = b.copy(Reg.Kind.REF, f.fixed(Register.R1), "out");
    Reg x = b.newReg(Reg.Kind.LONG, "x");
    b.load(x, out, 0, 8, false);
    b.branch(Cond.EQ, true, x, new Imm(0), fail1, second);
    b.switchTo(fail1);
    b.store(out, 8, 8, new Imm(1));
    b.ret(new Imm(0), false);
    b.switchTo(second);
    b.branch(Cond.EQ, true, x, new Imm(7), fail2, done);
    b.switchTo(fail2);
    b.store(out, 8, 8, new Imm(1));
    b.ret(new Imm(0), false);
    b.switchTo(done);
    b.ret(x, true);
    return f;
  }

  @Test
  void copiesOfOneReturnBecomeOneBlock() {
    Function f = twoChecksFailingAlike();
    Map<Reg, Register> regs = RegisterAllocator.allocate(f);

    IdenticalBlocks.merge(f, regs);

    assertEquals(4, f.blocks().size(), "one of the two failing returns is gone: " + f.blocks());
    Branch first = (Branch) f.blocks().get(0).terminator();
    Branch second = (Branch) f.blocks().get(2).terminator();
    assertEquals(first.ifTrue(), second.ifTrue(), "both checks fail into the same block");
  }

  @Test
  void returnsThatDifferInABaseRegisterStayApart() {
    Function f = new Function("bases");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    Block viaA = f.newBlock();
    Block viaB = f.newBlock();
    b.switchTo(entry);
    b.setLine(1);
    Reg a = b.copy(Reg.Kind.REF, f.fixed(Register.R1), "a");
    Reg x = b.newReg(Reg.Kind.LONG, "x");
    b.load(x, a, 0, 8, false);
    b.branch(Cond.EQ, true, x, new Imm(0), viaA, viaB);
    b.switchTo(viaA);
    b.store(a, 8, 8, new Imm(1));
    b.ret(new Imm(0), false);
    b.switchTo(viaB);
    // Another pointer that may well get a's register: the verifier may see another type in it.
    Reg other = b.copy(Reg.Kind.REF, f.fixed(Register.R2), "other");
    b.store(other, 8, 8, new Imm(1));
    b.ret(new Imm(0), false);
    Map<Reg, Register> regs = RegisterAllocator.allocate(f);

    IdenticalBlocks.merge(f, regs);

    assertEquals(3, f.blocks().size(), f.blocks().toString());
  }

  @Test
  void aReturnBetweenTwoBlocksOfTheLikelyPathMovesToTheEnd() {
    // entry falls into mid; mid branches to done or other, with the failing return in between.
    Function f = new Function("between");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    Block mid = f.newBlock();
    Block fail = f.newBlock();
    Block done = f.newBlock();
    Block other = f.newBlock();
    b.switchTo(entry);
    b.setLine(1);
    Reg x = b.newReg(Reg.Kind.LONG, "x");
    b.load(x, f.fixed(Register.R1), 0, 8, false);
    b.branch(Cond.EQ, true, x, new Imm(0), fail, mid);
    b.switchTo(mid);
    b.branch(Cond.EQ, true, x, new Imm(7), other, done);
    b.switchTo(fail);
    b.ret(new Imm(0), false);
    b.switchTo(done);
    b.ret(new Imm(1), false);
    b.switchTo(other);
    b.ret(new Imm(2), false);
    RegisterAllocator.allocate(f);

    BlockLayout.sinkReturns(f);

    List<Block> blocks = f.blocks();
    assertEquals(List.of(entry, mid, done, other, fail), blocks);
    for (int i = 0; i + 1 < blocks.size(); i++) {
      Block next = blocks.get(i + 1);
      assertTrue(
          blocks.get(i).successors().isEmpty() || blocks.get(i).successors().contains(next),
          "block " + blocks.get(i) + " does not fall through into " + next + ": " + blocks);
    }
  }

  @Test
  void aReturnTheLikelyPathFallsIntoStays() {
    Function f = new Function("tail");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    Block early = f.newBlock();
    Block rest = f.newBlock();
    b.switchTo(entry);
    b.setLine(1);
    Reg x = b.newReg(Reg.Kind.LONG, "x");
    b.load(x, f.fixed(Register.R1), 0, 8, false);
    b.branch(Cond.EQ, true, x, new Imm(0), rest, early);
    b.switchTo(early);
    b.ret(new Imm(1), false);
    b.switchTo(rest);
    b.ret(new Imm(2), false);
    RegisterAllocator.allocate(f);

    BlockLayout.sinkReturns(f);

    // Moving `early` would save no jump: the branch falls into either block.
    assertEquals(List.of(entry, early, rest), f.blocks());
    assertFalse(f.blocks().isEmpty());
  }
}
