package io.bpf4j.processor.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.IrPrinter;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import org.junit.jupiter.api.Test;

/**
 * Branch threading through r0: an inlined method's {@code return K} arms set r0 and jump to the
 * caller's test of the result, which each arm decides.
 */
class InlinedReturnThreadingTest {
  @Test
  void armsReturningConstantsBranchStraightToTheirOutcome() {
    Function f = new Function("threading");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    Block fails = f.newBlock();
    Block passes = f.newBlock();
    Block join = f.newBlock();
    Block nonZero = f.newBlock();
    Block zero = f.newBlock();
    b.setLine(3);
    b.switchTo(entry);
    Reg ctx = f.fixed(Register.R1);
    Reg x = b.newReg(Reg.Kind.INT, "x");
    b.load(x, ctx, 0, 4, false);
    b.branch(Cond.EQ, false, x, new Imm(7), passes, fails);
    b.switchTo(fails);
    b.add(new Mov(f.fixed(Register.R0), new Imm(-1), false, 4));
    b.jump(join);
    b.switchTo(passes);
    b.add(new Mov(f.fixed(Register.R0), new Imm(0), false, 5));
    b.jump(join);
    b.switchTo(join);
    Reg ret = b.newReg(Reg.Kind.INT, "ret");
    b.add(new Mov(ret, f.fixed(Register.R0), true, 6));
    b.branch(Cond.NE, false, ret, new Imm(0), nonZero, zero);
    b.switchTo(nonZero);
    b.ret(new Imm(1), false);
    b.switchTo(zero);
    b.ret(new Imm(2), false);

    Optimizer.run(f);

    assertEquals(
        """
        function threading
        B0:
          %x.6 = *(u32 *)(r1 + 0)    ; line 3
          if %x.6 ==32 7 goto B5 else B4    ; line 3
        B4:
          r0 =32 1    ; line 3
          exit    ; line 3
        B5:
          r0 =32 2    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }

  @Test
  void aCallBetweenTheConstantAndTheJumpStopsIt() {
    Function f = new Function("threading");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    Block join = f.newBlock();
    Block nonZero = f.newBlock();
    Block zero = f.newBlock();
    b.setLine(3);
    b.switchTo(entry);
    b.add(new Mov(f.fixed(Register.R0), new Imm(0), false, 4));
    // bpf_get_prandom_u32: r0 is the helper's, whatever was moved there before
    b.call(7, null, java.util.List.of(), java.util.List.of(), null);
    b.jump(join);
    b.switchTo(join);
    Reg ret = b.newReg(Reg.Kind.INT, "ret");
    b.add(new Mov(ret, f.fixed(Register.R0), true, 6));
    b.branch(Cond.NE, false, ret, new Imm(0), nonZero, zero);
    b.switchTo(nonZero);
    b.ret(new Imm(1), false);
    b.switchTo(zero);
    b.ret(new Imm(2), false);

    Optimizer.run(f);

    assertEquals(
        """
        function threading
        B0:
          call #7()    ; line 3
          %ret.6 = r0    ; line 6
          if %ret.6 !=32 0 goto B2 else B3    ; line 3
        B2:
          r0 =32 1    ; line 3
          exit    ; line 3
        B3:
          r0 =32 2    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }
}
