package io.bpf4j.processor.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.IrPrinter;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bpf_xdp_load_bytes} leaves its buffer as it was when it fails, so the zeroing of {@code
 * new byte[8]} before it stays — unless a dominating bounds check covers the bytes it copies, so
 * that it cannot fail.
 */
class CheckedLoadBytesTest {
  private static final String ZEROING = "*(u64 *)(&array0 + 0) = 0";

  /** Checks {@code checked} bytes, then copies 8 bytes at offset 4 into a zeroed array. */
  private static Function copyUnder(int checked) {
    Function f = new Function("copy");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    Block body = f.newBlock();
    Block fail = f.newBlock();
    b.setLine(3);
    b.switchTo(entry);
    Reg ctx = b.copy(Reg.Kind.REF, f.fixed(Register.R1), "ctx");
    f.markContext(ctx);
    Reg data = b.newReg(Reg.Kind.REF, "data");
    b.load(data, ctx, 0, 4, false);
    Reg end = b.newReg(Reg.Kind.REF, "data_end");
    b.load(end, ctx, 4, 4, false);
    Reg limit = b.copy(Reg.Kind.REF, data, "limit");
    b.alu(AluOp.ADD, false, limit, new Imm(checked));
    b.branch(Cond.UGT, true, limit, end, fail, body);
    b.switchTo(body);
    FrameSlot array = f.newSlot("array", 8, 8, FrameSlot.Purpose.OBJECT, 3);
    b.store(new FrameAddr(array, 0), 0, 8, new Imm(0));
    List<Operand> args = List.of(ctx, new Imm(4), new FrameAddr(array, 0), new Imm(8));
    b.call(189, null, args, List.of(true, false, true, true), null);
    Reg v = b.newReg(Reg.Kind.LONG, "v");
    b.load(v, new FrameAddr(array, 0), 0, 8, false);
    b.ret(v, true);
    b.switchTo(fail);
    b.ret(new Imm(0), false);
    return f;
  }

  @Test
  void aCopyOfCheckedBytesCannotFailAndItsBufferNeedsNoZeroing() {
    Function f = copyUnder(12);

    Optimizer.run(f);

    assertEquals(0, count(IrPrinter.print(f), ZEROING), IrPrinter.print(f));
  }

  @Test
  void aCopyPastTheCheckedBytesKeepsTheZeroing() {
    Function f = copyUnder(11);

    Optimizer.run(f);

    assertEquals(1, count(IrPrinter.print(f), ZEROING), IrPrinter.print(f));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
