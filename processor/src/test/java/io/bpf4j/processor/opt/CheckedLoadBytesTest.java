package io.bpf4j.processor.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.processor.ir.Block;
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
    PacketIr p = new PacketIr("copy");
    Function f = p.f;
    IrBuilder b = p.b;
    Reg ctx = p.ctx;
    Reg data = p.data;
    Block body = f.newBlock();
    Block fail = f.newBlock();
    p.check(data, checked, fail, body);
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

    assertEquals(0, PacketIr.count(IrPrinter.print(f), ZEROING), IrPrinter.print(f));
  }

  @Test
  void aCopyPastTheCheckedBytesKeepsTheZeroing() {
    Function f = copyUnder(11);

    Optimizer.run(f);

    assertEquals(1, PacketIr.count(IrPrinter.print(f), ZEROING), IrPrinter.print(f));
  }
}
