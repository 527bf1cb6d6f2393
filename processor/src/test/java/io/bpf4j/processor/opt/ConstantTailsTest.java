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
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blocks that differ in one moved constant share one copy that reads it from a register. */
class ConstantTailsTest {
  @Test
  void armsThatDifferInOneConstantShareTheirCode() {
    Function f = new Function("tails");
    IrBuilder b = new IrBuilder(f);
    b.setLine(3);
    Block entry = f.newBlock();
    Block one = f.newBlock();
    Block two = f.newBlock();
    Block done = f.newBlock();
    b.switchTo(entry);
    Reg ctx = b.newReg(Reg.Kind.REF, "ctx");
    b.add(new Mov(ctx, f.fixed(Register.R1), true, 3));
    Reg x = b.newReg(Reg.Kind.INT, "x");
    b.load(x, ctx, 0, 4, false);
    b.branch(Cond.EQ, false, x, new Imm(7), one, two);
    for (Block arm : List.of(one, two)) {
      b.switchTo(arm);
      b.add(new Mov(f.fixed(Register.R1), ctx, true, 3));
      b.add(new Mov(f.fixed(Register.R3), new Imm(arm == one ? 1 : 2), false, 3));
      b.call(12, null, List.of(), List.of(), null);
      b.jump(done);
    }
    b.switchTo(done);
    b.ret(new Imm(0), false);

    ConstantTails.run(f);

    assertEquals(
        """
        function tails
        B0:
          %ctx.6 = r1    ; line 3
          %x.7 = *(u32 *)(%ctx.6 + 0)    ; line 3
          if %x.7 ==32 7 goto B1 else B2    ; line 3
        B1:
          %k.8 =32 1    ; line 3
          goto B4    ; line 3
        B2:
          %k.8 =32 2    ; line 3
          goto B4    ; line 3
        B4:
          r1 = %ctx.6    ; line 3
          r3 =32 %k.8    ; line 3
          call #12()    ; line 3
          goto B3    ; line 3
        B3:
          r0 =32 0    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }
}
