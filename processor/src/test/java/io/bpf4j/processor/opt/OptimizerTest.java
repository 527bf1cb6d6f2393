package io.bpf4j.processor.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.IrPrinter;
import io.bpf4j.processor.ir.Reg;
import org.junit.jupiter.api.Test;

/** The optimizer on IR built by hand, without the frontend: the stage's own test. */
class OptimizerTest {
  @Test
  void threadsJumpsPropagatesCopiesAndDropsDeadCode() {
    Function f = new Function("opt");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    Block hop = f.newBlock();
    Block exit = f.newBlock();
    Block unreachable = f.newBlock();
    b.setLine(5);
    b.switchTo(entry);
    Reg x = b.newReg(Reg.Kind.INT, "x");
    Reg unused = b.newReg(Reg.Kind.INT, "unused");
    b.mov(x, new Imm(1));
    b.mov(unused, new Imm(2));
    b.jump(hop);
    b.switchTo(hop);
    b.jump(exit);
    b.switchTo(exit);
    b.ret(x, false);
    b.switchTo(unreachable);
    b.ret(new Imm(0), false);

    Optimizer.run(f);

    assertEquals(
        """
        function opt
        B0:
          r0 =32 1    ; line 5
          exit    ; line 5
        """,
        IrPrinter.print(f));
  }
}
