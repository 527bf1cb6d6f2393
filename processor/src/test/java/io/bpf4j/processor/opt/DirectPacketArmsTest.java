package io.bpf4j.processor.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.ByteSwap;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.IrPrinter;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import org.junit.jupiter.api.Test;

/**
 * A tc read with two arms keeps the direct one only under a dominating check that proves it; and a
 * byte swap of a byte-swapped copy is the copy (the slow arm's host-order value, swapped to network
 * order where the arms met and back for Java).
 */
class DirectPacketArmsTest {
  @Test
  void unprovenReadKeepsOnlyTheSlowWayWithoutItsDoubleSwap() {
    Function f = readWithTwoArms(0);

    Optimizer.run(f);

    assertEquals(
        """
        function tc
        B0:
          %host.11 =32 r1    ; line 3
          %v.12 =32 %host.11    ; line 3
          %v.12 &= 65535    ; line 3
          r0 =32 %v.12    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }

  @Test
  void readUnderALongerDominatingCheckIsDirect() {
    Function f = readWithTwoArms(34);

    Optimizer.run(f);

    assertEquals(
        """
        function tc
        B0:
          %ctx.6 = r1    ; line 3
          %data.7 = *(u32 *)(%ctx.6 + 76)    ; line 3
          %data_end.8 = *(u32 *)(%ctx.6 + 80)    ; line 3
          %limit.9 = %data.7    ; line 3
          %limit.9 += 34    ; line 3
          if %limit.9 > %data_end.8 goto B2 else B3    ; line 3
        B2:
          r0 =32 0    ; line 3
          exit    ; line 3
        B3:
          %raw.13 = *(u16 *)(%data.7 + 12)    ; line 3
          %v.15 =32 %raw.13    ; line 3
          %v.15 = be16 %v.15    ; line 3
          r0 =32 %v.15    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }

  /**
   * {@code return loadHalf(12)} in tc, its check {@code data + 14 > data_end} marked, after a check
   * of {@code proven} bytes (none when 0) that returns 0 when it fails; the slow way stands in for
   * LD_ABS with a copy of r1.
   */
  private static Function readWithTwoArms(int proven) {
    Function f = new Function("tc");
    IrBuilder b = new IrBuilder(f);
    b.setLine(3);
    b.switchTo(f.newBlock());
    Reg ctx = b.newReg(Reg.Kind.REF, "ctx");
    b.add(new Mov(ctx, f.fixed(Register.R1), true, 3));
    f.markContext(ctx);
    if (proven > 0) {
      Reg data = pointer(b, ctx, 76, "data");
      Reg end = pointer(b, ctx, 80, "data_end");
      Reg limit = b.copy(Reg.Kind.REF, data, "limit");
      b.alu(AluOp.ADD, false, limit, new Imm(proven));
      b.exitZeroIf(Cond.UGT, true, limit, end);
    }
    Reg data = pointer(b, ctx, 76, "data");
    Reg end = pointer(b, ctx, 80, "data_end");
    Reg limit = b.copy(Reg.Kind.REF, data, "limit");
    b.alu(AluOp.ADD, false, limit, new Imm(14));
    Block fast = f.newBlock();
    Block slow = f.newBlock();
    Block done = f.newBlock();
    b.branch(Cond.UGT, true, limit, end, slow, fast);
    f.markDirectArmCheck((Branch) b.block().terminator(), fast);
    Reg raw = b.newReg(Reg.Kind.INT, "raw");
    b.switchTo(fast);
    b.load(raw, data, 12, 2, false);
    b.jump(done);
    b.switchTo(slow);
    Reg host = b.copy(Reg.Kind.INT, f.fixed(Register.R1), "host");
    b.add(new Mov(raw, host, false, 3));
    b.add(new ByteSwap(raw, 16, 3));
    b.jump(done);
    b.switchTo(done);
    Reg v = b.copy(Reg.Kind.INT, raw, "v");
    b.add(new ByteSwap(v, 16, 3));
    b.ret(v, false);
    return f;
  }

  private static Reg pointer(IrBuilder b, Reg ctx, int offset, String name) {
    Reg r = b.newReg(Reg.Kind.REF, name);
    b.load(r, ctx, offset, 4, false);
    return r;
  }
}
