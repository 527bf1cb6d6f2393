package io.bpf4j.processor.inline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Cond;
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

/** Calls of one method in return position made one before splicing, on IR built by hand. */
class ReturnSiteMergingTest {
  /**
   * {@code static int record(long ctx, int action) { return (int) ctx * 3 ^ action + 5; }}, long
   * enough to be worth sharing; {@code extra} ALU steps make it longer.
   */
  private static Function record(int extra) {
    Function f = new Function("record");
    IrBuilder b = new IrBuilder(f);
    b.switchTo(f.newBlock());
    b.setLine(20);
    Reg ctx = b.newReg(Reg.Kind.LONG, "ctx");
    b.add(new Mov(ctx, f.fixed(Register.R1), true, 20));
    Reg action = b.newReg(Reg.Kind.INT, "action");
    b.add(new Mov(action, f.fixed(Register.R2), true, 20));
    Reg v = b.copy(Reg.Kind.INT, ctx, "v");
    for (int i = 0; i < extra; i++) {
      b.alu(AluOp.MUL, false, v, new Imm(3));
    }
    b.alu(AluOp.XOR, false, v, action);
    b.ret(v, false);
    return f;
  }

  /**
   * {@code if (x > 0) return record(ctx, 2); return record(ctx, 0);}, the callees {@code
   * record(first)} and {@code record(second)}.
   */
  private static Function caller(Function first, Function second) {
    Function f = new Function("caller");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    Block positive = f.newBlock();
    Block other = f.newBlock();
    b.switchTo(entry);
    b.setLine(3);
    Reg ctx = b.newReg(Reg.Kind.LONG, "ctx");
    b.add(new Mov(ctx, f.fixed(Register.R1), true, 3));
    b.branch(Cond.SGT, false, ctx, new Imm(0), positive, other);
    b.switchTo(positive);
    b.setLine(4);
    returnCall(f, b, first, ctx, 2, positive);
    b.switchTo(other);
    b.setLine(5);
    returnCall(f, b, second, ctx, 0, other);
    return f;
  }

  private static void returnCall(
      Function f, IrBuilder b, Function callee, Reg ctx, int action, Block anchor) {
    Reg ret = b.newReg(Reg.Kind.INT, "ret");
    b.add(
        new InlineSite(
            f,
            callee,
            List.<Operand>of(ctx, new Imm(action)),
            List.of(true, false),
            ret,
            anchor,
            b.line()));
    b.ret(ret, false);
  }

  @Test
  void returnsThroughOneMethodShareOneCallWithTheDifferingArgumentInARegister() {
    Function f = caller(record(2), record(2));

    ReturnSiteMerging.run(f);

    assertEquals(
        """
        function caller
        B0:
          %ctx.6 = r1    ; line 3
          if %ctx.6 s>32 0 goto B1 else B2    ; line 3
        B1:
          %arg.9 =32 2    ; line 4
          goto B3    ; line 4
        B2:
          %arg.9 =32 0    ; line 5
          goto B3    ; line 5
        B3:
          %ret.8 = inline record[%ctx.6, %arg.9]    ; line 5
          r0 =32 %ret.8    ; line 5
          exit    ; line 5
        """,
        IrPrinter.print(f));
    InlineSplicer.run(f);
    assertEquals(2, count(IrPrinter.print(f), "*= 3"));
  }

  @Test
  void callsTranslatedDifferentlyStayApart() {
    Function f = caller(record(2), record(3));
    String before = IrPrinter.print(f);

    ReturnSiteMerging.run(f);

    assertEquals(before, IrPrinter.print(f));
  }

  @Test
  void aBodyNoLargerThanTheMovesAndJumpIsLeftToBeCopied() {
    Function f = caller(record(0), record(0));
    String before = IrPrinter.print(f);

    ReturnSiteMerging.run(f);

    assertEquals(before, IrPrinter.print(f));
  }

  private static int count(String text, String needle) {
    return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
  }
}
