package io.bpf4j.processor.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.IrPrinter;
import io.bpf4j.processor.ir.Reg;
import org.junit.jupiter.api.Test;

/**
 * A branch whose left side the value ranges pin to a constant ({@code if (14 + 60 > length)}) swaps
 * its sides, so the constant is the jump's immediate and its register goes.
 */
class ConstantLeftSidesTest {
  @Test
  void aConstantLeftSideBecomesTheImmediate() {
    Function f = new Function("left");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    Block small = f.newBlock();
    Block large = f.newBlock();
    b.setLine(3);
    b.switchTo(entry);
    Reg need = b.newReg(Reg.Kind.INT, "need");
    b.mov(need, new Imm(14));
    b.alu(io.bpf4j.processor.ir.AluOp.ADD, false, need, new Imm(60));
    Reg length = b.newReg(Reg.Kind.INT, "length");
    b.load(length, f.fixed(Register.R1), 0, 4, false);
    b.branch(Cond.SGT, false, need, length, small, large);
    b.switchTo(small);
    b.ret(new Imm(1), false);
    b.switchTo(large);
    b.ret(new Imm(2), false);

    ValueRanges.run(f);
    Optimizer.removeDeadCode(f);

    assertEquals(
        """
        function left
        B0:
          %length.7 = *(u32 *)(r1 + 0)    ; line 3
          if %length.7 s<32 74 goto B1 else B2    ; line 3
        B1:
          r0 =32 1    ; line 3
          exit    ; line 3
        B2:
          r0 =32 2    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }
}
