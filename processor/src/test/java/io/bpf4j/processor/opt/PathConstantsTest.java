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

/**
 * Values that are a constant on every path (14, or 18 after one more tag): a packet check at such
 * an offset is covered by a dominating check of the largest one, a branch on one is decided from a
 * predecessor however far back it was set, and a constant added to a pointer becomes the access's
 * offset.
 */
class PathConstantsTest {
  /**
   * {@code off = 14; if (tagged) off += 4; if (data + off + 2 > end) fail; read data[off]} under a
   * 22-byte check; {@code masked} makes off a packet byte's low bits instead, a range the verifier
   * does not see as a constant.
   */
  private static Function vlanRead(boolean masked) {
    PacketIr p = new PacketIr("vlan");
    Function f = p.f;
    IrBuilder b = p.b;
    Reg data = p.data;
    Block checked = f.newBlock();
    Block tagged = f.newBlock();
    Block join = f.newBlock();
    Block read = f.newBlock();
    Block fail = f.newBlock();
    p.check(data, 22, fail, checked);
    b.switchTo(checked);
    Reg type = b.newReg(Reg.Kind.INT, "type");
    b.load(type, data, 12, 2, false);
    Reg off = b.newReg(Reg.Kind.INT, "off");
    if (masked) {
      b.load(off, data, 13, 1, false);
      b.alu(AluOp.AND, false, off, new Imm(15));
    } else {
      b.mov(off, new Imm(14));
    }
    b.branch(Cond.EQ, false, type, new Imm(0x81), tagged, join);
    b.switchTo(tagged);
    b.alu(AluOp.ADD, false, off, new Imm(4));
    b.jump(join);
    b.switchTo(join);
    Reg at = b.copy(Reg.Kind.REF, data, "at");
    b.alu(AluOp.ADD, false, at, off);
    p.check(at, 2, fail, read);
    b.switchTo(read);
    Reg v = b.newReg(Reg.Kind.INT, "v");
    b.load(v, at, 0, 2, false);
    b.ret(v, false);
    b.switchTo(fail);
    b.ret(new Imm(0), false);
    return f;
  }

  @Test
  void aCheckAtAnyOfTheOffsetsAPathMayTakeIsCoveredByTheLargerCheck() {
    Function f = vlanRead(false);

    PacketChecks.run(f);

    String listing = IrPrinter.print(f);
    assertEquals(1, PacketIr.count(listing, "> %data_end"), listing);
  }

  @Test
  void aMaskedOffsetIsARangeNotAConstantAndKeepsItsCheck() {
    Function f = vlanRead(true);

    PacketChecks.run(f);

    String listing = IrPrinter.print(f);
    assertEquals(2, PacketIr.count(listing, "> %data_end"), listing);
  }

  /** x == 1 sets the flag (x == 2 is then known false); every other x leaves it 0. */
  @Test
  void aBranchOnAFlagSetTwoBlocksBackIsThreadedFromEachPath() {
    Function f = new Function("flag");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    Block second = f.newBlock();
    Block set = f.newBlock();
    Block test = f.newBlock();
    Block yes = f.newBlock();
    Block no = f.newBlock();
    b.setLine(3);
    b.switchTo(entry);
    Reg x = b.newReg(Reg.Kind.INT, "x");
    b.load(x, f.fixed(Register.R1), 0, 4, false);
    Reg flag = b.newReg(Reg.Kind.INT, "flag");
    b.mov(flag, new Imm(0));
    b.branch(Cond.EQ, false, x, new Imm(1), second, test);
    b.switchTo(second);
    b.branch(Cond.EQ, false, x, new Imm(2), test, set);
    b.switchTo(set);
    b.mov(flag, new Imm(5));
    b.jump(test);
    b.switchTo(test);
    b.branch(Cond.NE, false, flag, new Imm(0), yes, no);
    b.switchTo(yes);
    b.ret(new Imm(1), false);
    b.switchTo(no);
    b.ret(new Imm(2), false);

    Optimizer.run(f);

    assertEquals(
        """
        function flag
        B0:
          %x.6 = *(u32 *)(r1 + 0)    ; line 3
          if %x.6 ==32 1 goto B4 else B5    ; line 3
        B4:
          r0 =32 1    ; line 3
          exit    ; line 3
        B5:
          r0 =32 2    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }

  @Test
  void aConstantAddedToAPointerBecomesTheOffsetOfTheReadsThroughIt() {
    Function f = new Function("offsets");
    IrBuilder b = new IrBuilder(f);
    b.setLine(3);
    b.switchTo(f.newBlock());
    Reg p = b.newReg(Reg.Kind.REF, "p");
    b.load(p, f.fixed(Register.R1), 0, 8, false);
    Reg t = b.copy(Reg.Kind.REF, p, "t");
    b.alu(AluOp.ADD, false, t, new Imm(12));
    b.alu(AluOp.ADD, false, t, new Imm(2));
    Reg v = b.newReg(Reg.Kind.INT, "v");
    b.load(v, t, 2, 2, false);
    b.store(t, 0, 2, v);
    // p moves: t no longer is p + 14 in terms of the new p
    b.load(p, f.fixed(Register.R1), 8, 8, false);
    Reg w = b.newReg(Reg.Kind.INT, "w");
    b.load(w, t, 0, 2, false);
    b.ret(w, false);

    AddressOffsets.run(f);

    assertEquals(
        """
        function offsets
        B0:
          %p.6 = *(u64 *)(r1 + 0)    ; line 3
          %t.7 = %p.6    ; line 3
          %t.7 += 12    ; line 3
          %t.7 += 2    ; line 3
          %v.8 = *(u16 *)(%p.6 + 16)    ; line 3
          *(u16 *)(%p.6 + 14) = %v.8    ; line 3
          %p.6 = *(u64 *)(r1 + 8)    ; line 3
          %w.9 = *(u16 *)(%t.7 + 0)    ; line 3
          r0 =32 %w.9    ; line 3
          exit    ; line 3
        """,
        IrPrinter.print(f));
  }
}
