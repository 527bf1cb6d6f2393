package io.bpf4j.processor.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** Arithmetic on a value each arm sets to its own constant is done in the arms, as constants. */
class ConstantArmsTest {
  @Test
  void aNegationOfAConstantPerArmBecomesEachArmsConstant() {
    Function f = new Function("arms");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    Block big = f.newBlock();
    Block small = f.newBlock();
    Block join = f.newBlock();
    b.setLine(3);
    b.switchTo(entry);
    Reg x = b.newReg(Reg.Kind.INT, "x");
    b.load(x, f.fixed(Register.R1), 0, 4, false);
    Reg off = b.newReg(Reg.Kind.INT, "off");
    b.branch(Cond.EQ, false, x, new Imm(54), big, small);
    b.switchTo(big);
    b.mov(off, new Imm(256));
    b.jump(join);
    b.switchTo(small);
    b.mov(off, new Imm(20));
    b.jump(join);
    b.switchTo(join);
    Reg d = b.newReg(Reg.Kind.INT, "d");
    b.mov(d, new Imm(0));
    b.alu(AluOp.SUB, false, d, off);
    b.ret(d, false);

    Optimizer.run(f);

    assertEquals(
        """
        function arms
        B0:
          %x.6 = *(u32 *)(r1 + 0)    ; line 3
          if %x.6 ==32 54 goto B1 else B2    ; line 3
        B1:
          %d.8 =32 -256    ; line 3
          goto B3    ; line 3
        B2:
          %d.8 =32 -20    ; line 3
          goto B3    ; line 3
        B3:
          r0 =32 %d.8    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }
}
