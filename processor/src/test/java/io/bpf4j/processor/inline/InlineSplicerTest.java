package io.bpf4j.processor.inline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.InlineSite;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.IrPrinter;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inlining pass on IR built by hand, without the frontend: the stage's own test. */
class InlineSplicerTest {
  /** {@code static long inc(long p) { return p + 1; }} as translation makes it. */
  private static Function inc() {
    Function f = new Function("inc");
    IrBuilder b = new IrBuilder(f);
    b.switchTo(f.newBlock());
    b.setLine(9);
    Reg p = b.newReg(Reg.Kind.LONG, "p");
    b.add(new Mov(p, f.fixed(Register.R1), true, 9));
    b.alu(AluOp.ADD, false, p, new Imm(1));
    b.ret(p, true);
    return f;
  }

  @Test
  void splicesCalleesInCallOrderNumberedWhereTheCallsWere() {
    Function f = new Function("caller");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    b.switchTo(entry);
    b.setLine(3);
    Reg x = b.newReg(Reg.Kind.LONG, "x");
    b.mov(x, new Imm(41));
    // Two calls with nothing created between them, then code that reads both results.
    Reg first = b.newReg(Reg.Kind.LONG, "ret");
    b.add(site(f, first, x, entry));
    Reg second = b.newReg(Reg.Kind.LONG, "ret");
    b.add(site(f, second, first, entry));
    Reg sum = b.copy(Reg.Kind.LONG, first, "sum");
    b.alu(AluOp.ADD, false, sum, second);
    b.ret(sum, true);

    InlineSplicer.run(f);

    assertEquals(
        """
        function caller
        B0:
          %x.6 = 41    ; line 3
          goto B1    ; line 3
        B1:
          %p.7 = %x.6    ; line 9
          %p.7 += 1    ; line 9
          r0 = %p.7    ; line 9
          goto B2    ; line 9
        B2:
          %ret.8 = r0    ; line 3
          goto B3    ; line 3
        B3:
          %p.9 = %ret.8    ; line 9
          %p.9 += 1    ; line 9
          r0 = %p.9    ; line 9
          goto B4    ; line 9
        B4:
          %ret.10 = r0    ; line 3
          %sum.11 = %ret.8    ; line 3
          %sum.11 += %ret.10    ; line 3
          r0 = %sum.11    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }

  private static InlineSite site(Function caller, Reg result, Reg arg, Block anchor) {
    return new InlineSite(caller, inc(), List.<Operand>of(arg), List.of(true), result, anchor, 3);
  }
}
