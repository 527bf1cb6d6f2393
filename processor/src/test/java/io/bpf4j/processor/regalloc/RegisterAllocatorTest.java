package io.bpf4j.processor.regalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Insn;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Register allocation on IR built by hand, without the frontend: the stage's own test. */
class RegisterAllocatorTest {
  @Test
  void twelveLiveValuesSpillIntoTheFrame() {
    Function f = new Function("pressure");
    IrBuilder b = new IrBuilder(f);
    b.switchTo(f.newBlock());
    b.setLine(3);
    List<Reg> values = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Reg r = b.newReg(Reg.Kind.LONG, "v");
      b.load(r, f.fixed(Register.R1), 8 * i, 8, false);
      values.add(r);
    }
    Reg sum = b.copy(Reg.Kind.LONG, values.get(0), "sum");
    for (int i = 1; i < 12; i++) {
      b.alu(AluOp.ADD, false, sum, values.get(i));
    }
    b.ret(sum, true);

    Map<Reg, Register> regs = RegisterAllocator.allocate(f);

    // r0-r9 hold ten values at most (r10 is the frame pointer): some went to the stack.
    assertFalse(f.slots().isEmpty(), "no spill slots");
    for (Block block : f.blocks()) {
      for (Insn i : block.insns()) {
        for (Reg r : i.uses()) {
          assertTrue(r.isFixed() || regs.containsKey(r), r + " has no register");
        }
      }
    }
    regs.values().forEach(r -> assertTrue(r.ordinal() <= Register.R9.ordinal(), r.toString()));
  }

  @Test
  void movesBetweenValuesInOneRegisterAreDropped() {
    Function f = new Function("coalesce");
    IrBuilder b = new IrBuilder(f);
    b.switchTo(f.newBlock());
    b.setLine(4);
    Reg a = b.newReg(Reg.Kind.LONG, "a");
    b.load(a, f.fixed(Register.R1), 0, 8, false);
    Reg copy = b.copy(Reg.Kind.LONG, a, "copy");
    b.alu(AluOp.ADD, false, copy, new Imm(1));
    b.ret(copy, true);

    Map<Reg, Register> regs = RegisterAllocator.allocate(f);

    assertNotNull(regs.get(a));
    assertEquals(regs.get(a), regs.get(copy), "a and its copy never live at once");
    Set<Insn> moves = new HashSet<>();
    for (Block block : f.blocks()) {
      for (Insn i : block.insns()) {
        if (i instanceof Mov m && m.src() == a && m.dst() == copy) {
          moves.add(i);
        }
      }
    }
    assertTrue(moves.isEmpty(), "the move of a into its copy is still there: " + moves);
  }
}
