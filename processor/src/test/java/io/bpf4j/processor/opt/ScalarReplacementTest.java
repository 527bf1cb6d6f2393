package io.bpf4j.processor.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** Scalar replacement on IR built by hand: which stack objects become registers, and how. */
class ScalarReplacementTest {
  private final Function f = new Function("sroa");
  private final IrBuilder b = new IrBuilder(f);

  private FrameSlot object(int size) {
    return f.newSlot("Obj", size, 8, FrameSlot.Purpose.OBJECT, 3);
  }

  @Test
  void zeroedObjectWithFieldsOfSeveralWidthsBecomesRegisters() {
    FrameSlot slot = object(8);
    b.setLine(3);
    b.switchTo(f.newBlock());
    Reg x = b.newReg(Reg.Kind.INT, "x");
    b.mov(x, new Imm(7));
    b.store(new FrameAddr(slot, 0), 0, 8, new Imm(0));
    b.store(new FrameAddr(slot, 0), 0, 4, x);
    b.store(new FrameAddr(slot, 4), 0, 1, x);
    Reg pos = b.newReg(Reg.Kind.INT, "pos");
    b.load(pos, new FrameAddr(slot, 0), 0, 4, false);
    Reg flags = b.newReg(Reg.Kind.INT, "flags");
    b.load(flags, new FrameAddr(slot, 4), 0, 1, false);
    Reg wide = b.newReg(Reg.Kind.LONG, "wide");
    b.load(wide, new FrameAddr(slot, 0), 6, 2, true);
    b.alu(io.bpf4j.processor.ir.AluOp.ADD, false, pos, flags);
    b.ret(pos, false);

    ScalarReplacement.run(f);

    // The zeroing spans the three fields; the byte field, given a register that may hold more than
    // a byte, is masked where it is read.
    assertEquals(
        """
        function sroa
        B0:
          %Obj0_0.10 =32 0
          %Obj0_4.11 =32 0
          %Obj0_6.12 =32 0
          %x.6 =32 7    ; line 3
          %Obj0_0.10 =32 0    ; line 3
          %Obj0_4.11 =32 0    ; line 3
          %Obj0_6.12 =32 0    ; line 3
          %Obj0_0.10 =32 %x.6    ; line 3
          %Obj0_4.11 =32 %x.6    ; line 3
          %pos.7 =32 %Obj0_0.10    ; line 3
          %flags.8 =32 %Obj0_4.11    ; line 3
          %flags.8 &= 255    ; line 3
          %wide.9 = (s32) %Obj0_6.12    ; line 3
          %pos.7 += %flags.8    ; line 3
          r0 =32 %pos.7    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }

  @Test
  void partlyOverlappingAccessesStayInMemory() {
    FrameSlot slot = object(8);
    b.setLine(3);
    b.switchTo(f.newBlock());
    Reg x = b.newReg(Reg.Kind.LONG, "x");
    b.mov(x, new Imm(7));
    b.store(new FrameAddr(slot, 0), 0, 8, x);
    Reg low = b.newReg(Reg.Kind.INT, "low");
    b.load(low, new FrameAddr(slot, 0), 0, 4, false);
    b.ret(low, false);
    String before = IrPrinter.print(f);

    ScalarReplacement.run(f);

    assertEquals(before, IrPrinter.print(f));
  }

  @Test
  void objectStoredToInALoopBecomesARegisterToo() {
    FrameSlot slot = object(4);
    b.setLine(3);
    Block entry = f.newBlock();
    Block loop = f.newBlock();
    Block exit = f.newBlock();
    b.switchTo(entry);
    b.store(new FrameAddr(slot, 0), 0, 4, new Imm(0));
    Reg i = b.newReg(Reg.Kind.INT, "i");
    b.mov(i, new Imm(0));
    b.jump(loop);
    b.switchTo(loop);
    b.store(new FrameAddr(slot, 0), 0, 4, i);
    b.alu(io.bpf4j.processor.ir.AluOp.ADD, false, i, new Imm(1));
    b.branch(Cond.SLT, false, i, new Imm(4), loop, exit);
    b.switchTo(exit);
    Reg n = b.newReg(Reg.Kind.INT, "n");
    b.load(n, new FrameAddr(slot, 0), 0, 4, false);
    b.ret(n, false);

    ScalarReplacement.run(f);

    assertEquals(
        """
        function sroa
        B0:
          %Obj0_0.8 =32 0
          %Obj0_0.8 =32 0    ; line 3
          %i.6 =32 0    ; line 3
          goto B1    ; line 3
        B1:
          %Obj0_0.8 =32 %i.6    ; line 3
          %i.6 += 1    ; line 3
          if %i.6 s<32 4 goto B1 else B2    ; line 3
        B2:
          %n.7 =32 %Obj0_0.8    ; line 3
          r0 =32 %n.7    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }
}
