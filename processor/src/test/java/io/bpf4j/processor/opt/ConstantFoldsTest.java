package io.bpf4j.processor.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.ByteSwap;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.IrPrinter;
import io.bpf4j.processor.ir.Reg;
import org.junit.jupiter.api.Test;

/**
 * Small folds: two additions of constants become one, a byte swap of a known constant is the
 * swapped constant, and an operation that leaves its register as it was goes.
 */
class ConstantFoldsTest {
  @Test
  void addsOfConstantsToOneRegisterMergeUnlessItIsReadBetween() {
    Function f = new Function("adds");
    IrBuilder b = new IrBuilder(f);
    b.setLine(3);
    b.switchTo(f.newBlock());
    Reg p = b.newReg(Reg.Kind.REF, "p");
    b.load(p, f.fixed(Register.R1), 0, 8, false);
    b.alu(AluOp.ADD, false, p, new Imm(14));
    b.alu(AluOp.ADD, false, p, new Imm(4));
    Reg v = b.newReg(Reg.Kind.INT, "v");
    b.load(v, p, 0, 1, false);
    b.alu(AluOp.ADD, false, p, new Imm(2));
    b.alu(AluOp.ADD, false, v, new Imm(1));
    b.alu(AluOp.ADD, false, p, new Imm(3));
    Reg w = b.newReg(Reg.Kind.INT, "w");
    b.load(w, p, 0, 1, false);
    b.alu(AluOp.ADD, false, w, v);
    b.ret(w, false);

    ConstantAdds.run(f);

    assertEquals(
        """
        function adds
        B0:
          %p.6 = *(u64 *)(r1 + 0)    ; line 3
          %p.6 += 18    ; line 3
          %v.7 = *(u8 *)(%p.6 + 0)    ; line 3
          %p.6 += 5    ; line 3
          %v.7 += 1    ; line 3
          %w.8 = *(u8 *)(%p.6 + 0)    ; line 3
          %w.8 += %v.7    ; line 3
          r0 =32 %w.8    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }

  @Test
  void twoMasksTwoOrsAndTwoXorsOfOneRegisterMergeButNotAcrossOperations() {
    Function f = new Function("masks");
    IrBuilder b = new IrBuilder(f);
    b.setLine(3);
    b.switchTo(f.newBlock());
    Reg x = b.newReg(Reg.Kind.INT, "x");
    b.load(x, f.fixed(Register.R1), 0, 4, false);
    b.alu(AluOp.AND, false, x, new Imm(0xffff));
    b.alu(AluOp.AND, false, x, new Imm(0x3fff));
    b.alu(AluOp.OR, false, x, new Imm(0x10));
    b.alu(AluOp.OR, false, x, new Imm(0x1));
    b.alu(AluOp.XOR, false, x, new Imm(0x3));
    b.alu(AluOp.XOR, false, x, new Imm(0x5));
    b.alu(AluOp.AND, false, x, new Imm(0xff));
    b.alu(AluOp.ADD, false, x, new Imm(1));
    b.ret(x, false);

    ConstantAdds.run(f);

    assertEquals(
        """
        function masks
        B0:
          %x.6 = *(u32 *)(r1 + 0)    ; line 3
          %x.6 &= 16383    ; line 3
          %x.6 |= 17    ; line 3
          %x.6 ^= 6    ; line 3
          %x.6 &= 255    ; line 3
          %x.6 += 1    ; line 3
          r0 =32 %x.6    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }

  @Test
  void aSwappedConstantAndOperationsThatChangeNothingFold() {
    Function f = new Function("folds");
    IrBuilder b = new IrBuilder(f);
    b.setLine(3);
    b.switchTo(f.newBlock());
    Reg k = b.newReg(Reg.Kind.INT, "k");
    b.mov(k, new Imm(0x70));
    b.add(new ByteSwap(k, 16, 3));
    Reg x = b.newReg(Reg.Kind.INT, "x");
    b.load(x, f.fixed(Register.R1), 0, 2, false);
    b.alu(AluOp.OR, false, x, new Imm(0));
    b.alu(AluOp.MUL, false, x, new Imm(1));
    b.alu(AluOp.ADD, false, x, k);
    b.ret(x, false);

    ValueRanges.run(f);

    assertEquals(
        """
        function folds
        B0:
          %k.6 =32 112    ; line 3
          %k.6 =32 28672    ; line 3
          %x.7 = *(u16 *)(r1 + 0)    ; line 3
          %x.7 += 28672    ; line 3
          r0 =32 %x.7    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }
}
