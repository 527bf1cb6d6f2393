package io.bpf4j.processor.emit;

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
import io.bpf4j.processor.ir.Reg;
import org.junit.jupiter.api.Test;

/** The frame touch of functions with loops, and when the entry block makes it needless. */
class WholeFrameTouchTest {
  @Test
  void anEntryThatZeroesTheDeepestSlotFirstNeedsNoTouch() {
    Function f = loopOverFrame(false);
    WholeFrameTouch.insert(f);
    assertEquals(
        """
        function touch
        B0:
          %x.6 =32 0    ; line 3
          *(u64 *)(&obj1 + 0) = 0    ; line 3
          *(u32 *)(&counter0 + 0) = %x.6    ; line 3
          goto B1    ; line 3
        B1:
          %i.7 = *(u32 *)(&counter0 + 0)    ; line 3
          %i.7 += 1    ; line 3
          *(u32 *)(&counter0 + 0) = %i.7    ; line 3
          if %i.7 s<32 4 goto B1 else B2    ; line 3
        B2:
          r0 =32 r0    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }

  @Test
  void anEntryThatReadsTheFrameFirstKeepsTheTouch() {
    Function f = loopOverFrame(true);
    WholeFrameTouch.insert(f);
    assertEquals(
        """
        function touch
        B3:
          *(u8 *)(&obj1 + 0) = 0
          goto B0
        B0:
          %x.6 = *(u32 *)(&obj1 + 0)    ; line 3
          *(u64 *)(&obj1 + 0) = 0    ; line 3
          *(u32 *)(&counter0 + 0) = %x.6    ; line 3
          goto B1    ; line 3
        B1:
          %i.7 = *(u32 *)(&counter0 + 0)    ; line 3
          %i.7 += 1    ; line 3
          *(u32 *)(&counter0 + 0) = %i.7    ; line 3
          if %i.7 s<32 4 goto B1 else B2    ; line 3
        B2:
          r0 =32 r0    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }

  /** Zeroes an 8-byte object at the bottom of the frame, then counts to 4 in a 4-byte slot. */
  private static Function loopOverFrame(boolean readFirst) {
    Function f = new Function("touch");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    Block loop = f.newBlock();
    Block done = f.newBlock();
    FrameSlot counter = f.newSlot("counter", 4, 4, FrameSlot.Purpose.SPILL, 3);
    counter.setOffset(-4);
    FrameSlot obj = f.newSlot("obj", 8, 8, FrameSlot.Purpose.OBJECT, 3);
    obj.setOffset(-16);
    b.setLine(3);
    b.switchTo(entry);
    Reg x = b.newReg(Reg.Kind.INT, "x");
    if (readFirst) {
      b.load(x, new FrameAddr(obj, 0), 0, 4, false);
    } else {
      b.mov(x, new Imm(0));
    }
    b.store(new FrameAddr(obj, 0), 0, 8, new Imm(0));
    b.store(new FrameAddr(counter, 0), 0, 4, x);
    b.jump(loop);
    b.switchTo(loop);
    Reg i = b.newReg(Reg.Kind.INT, "i");
    b.load(i, new FrameAddr(counter, 0), 0, 4, false);
    b.alu(AluOp.ADD, false, i, new Imm(1));
    b.store(new FrameAddr(counter, 0), 0, 4, i);
    b.branch(Cond.SLT, false, i, new Imm(4), loop, done);
    b.switchTo(done);
    b.ret(f.fixed(Register.R0), false);
    return f;
  }
}
