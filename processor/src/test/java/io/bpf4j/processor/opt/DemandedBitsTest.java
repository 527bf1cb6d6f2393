package io.bpf4j.processor.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Ext;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.IrPrinter;
import io.bpf4j.processor.ir.Reg;
import org.junit.jupiter.api.Test;

/** Extensions and masks that no reader needs go; those feeding a compare stay. */
class DemandedBitsTest {
  private final Function f = new Function("bits");
  private final IrBuilder b = new IrBuilder(f);

  /**
   * A byte field kept in a register through a loop, as scalar replacement leaves {@code
   * state.remaining--} and {@code (state.remaining & 0xff) == 0}: the {@code (s8)} before the
   * decrement is read only in the low byte; the one before the exit test is compared whole.
   */
  @Test
  void aByteFieldsExtensionGoesWhereOnlyItsLowByteIsRead() {
    b.setLine(3);
    Block entry = f.newBlock();
    Block loop = f.newBlock();
    Block exit = f.newBlock();
    b.switchTo(entry);
    Reg field = b.newReg(Reg.Kind.INT, "field");
    b.load(field, f.fixed(Register.R1), 0, 1, false);
    b.jump(loop);
    b.switchTo(loop);
    Reg read = b.newReg(Reg.Kind.INT, "read");
    b.add(new Ext(read, field, 8, 3));
    Reg less = b.copy(Reg.Kind.INT, read, "sub");
    b.alu(AluOp.SUB, false, less, new Imm(1));
    b.mov(field, less);
    Reg low = b.copy(Reg.Kind.INT, field, "low");
    b.alu(AluOp.AND, false, low, new Imm(0xff));
    Reg test = b.newReg(Reg.Kind.INT, "test");
    b.add(new Ext(test, field, 8, 3));
    b.branch(Cond.NE, false, test, new Imm(0), loop, exit);
    b.switchTo(exit);
    b.ret(low, false);

    DemandedBits.run(f);

    assertEquals(
        """
        function bits
        B0:
          %field.6 = *(u8 *)(r1 + 0)    ; line 3
          goto B1    ; line 3
        B1:
          %read.7 =32 %field.6    ; line 3
          %sub.8 =32 %read.7    ; line 3
          %sub.8 -= 1    ; line 3
          %field.6 =32 %sub.8    ; line 3
          %low.9 =32 %field.6    ; line 3
          %low.9 &= 255    ; line 3
          %test.10 = (s8) %field.6    ; line 3
          if %test.10 !=32 0 goto B1 else B2    ; line 3
        B2:
          r0 =32 %low.9    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }

  /** A 16-bit value's own mask before a 2-byte store goes; the one before a compare stays. */
  @Test
  void aMaskGoesBeforeANarrowStoreButNotBeforeACompare() {
    b.setLine(4);
    b.switchTo(f.newBlock());
    FrameSlot slot = f.newSlot("buf", 8, 8, FrameSlot.Purpose.OBJECT, 4);
    Reg v = b.newReg(Reg.Kind.INT, "v");
    b.load(v, f.fixed(Register.R1), 0, 4, false);
    b.alu(AluOp.AND, false, v, new Imm(0xffff));
    b.store(new FrameAddr(slot, 0), 0, 2, v);
    Reg w = b.newReg(Reg.Kind.INT, "w");
    b.load(w, f.fixed(Register.R1), 4, 4, false);
    b.alu(AluOp.AND, false, w, new Imm(0xffff));
    Block yes = f.newBlock();
    Block no = f.newBlock();
    b.branch(Cond.UGT, false, w, new Imm(5), yes, no);
    b.switchTo(yes);
    b.ret(new Imm(1), false);
    b.switchTo(no);
    b.ret(new Imm(0), false);

    DemandedBits.run(f);

    assertEquals(
        """
        function bits
        B0:
          %v.6 = *(u32 *)(r1 + 0)    ; line 4
          *(u16 *)(&buf0 + 0) = %v.6    ; line 4
          %w.7 = *(u32 *)(r1 + 4)    ; line 4
          %w.7 &= 65535    ; line 4
          if %w.7 >32 5 goto B1 else B2    ; line 4
        B1:
          r0 =32 1    ; line 4
          exit    ; line 4
        B2:
          r0 =32 0    ; line 4
          exit    ; line 4
        """,
        IrPrinter.print(f));
  }
}
