package io.bpf4j.processor.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.IrPrinter;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import org.junit.jupiter.api.Test;

/**
 * A header at a varying offset ({@code h = (byte & 0xf) * 4}): {@code if (h + 8 > length())}
 * becomes one pointer check, and the reads at {@code h + j} below it go through that pointer with
 * no check of their own — unless a read starts below the checked pointer, which the verifier would
 * refuse.
 */
class PacketWindowsTest {
  /** The program; {@code readAt} is where the read starts relative to {@code h}. */
  private static Function window(int readAt) {
    PacketIr p = new PacketIr("window");
    Function f = p.f;
    IrBuilder b = p.b;
    Reg data = p.data;
    Reg end = p.end;
    Block checked = f.newBlock();
    Block ok = f.newBlock();
    Block read = f.newBlock();
    Block fail = f.newBlock();
    p.check(data, 1, fail, checked);
    b.switchTo(checked);
    Reg h = b.newReg(Reg.Kind.INT, "h");
    b.load(h, data, 0, 1, false);
    b.alu(AluOp.AND, false, h, new Imm(15));
    b.alu(AluOp.MUL, false, h, new Imm(4));
    Reg t = b.newReg(Reg.Kind.INT, "t");
    b.mov(t, h);
    b.alu(AluOp.ADD, false, t, new Imm(8));
    Reg diff = b.copy(Reg.Kind.LONG, end, "length");
    b.alu(AluOp.SUB, false, diff, data);
    Reg len = b.newReg(Reg.Kind.INT, "length");
    b.add(new Mov(len, diff, false, 3));
    b.branch(Cond.SGT, false, t, len, fail, ok);
    b.switchTo(ok);
    Reg off = b.newReg(Reg.Kind.INT, "off");
    b.mov(off, h);
    if (readAt != 0) {
      b.alu(AluOp.ADD, false, off, new Imm(readAt));
    }
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
  void readsInsideTheLengthTestGoThroughItsPointerWithoutChecksOfTheirOwn() {
    Function f = window(4);

    Optimizer.run(f);

    String listing = IrPrinter.print(f);
    // the first byte's check and the length test as a pointer test: the read's check is gone
    assertEquals(2, PacketIr.count(listing, "> %data_end"), listing);
    assertTrue(listing.contains("(%limit.18 + -4)"), listing); // h + 4, from the pointer at h + 8
  }

  @Test
  void aReadBelowACheckedPointersBaseKeepsItsCheck() {
    PacketIr p = new PacketIr("below");
    Function f = p.f;
    IrBuilder b = p.b;
    Reg data = p.data;
    Block checked = f.newBlock();
    Block second = f.newBlock();
    Block read = f.newBlock();
    Block fail = f.newBlock();
    p.check(data, 1, fail, checked);
    b.switchTo(checked);
    Reg h = b.newReg(Reg.Kind.INT, "h");
    b.load(h, data, 0, 1, false);
    b.alu(AluOp.AND, false, h, new Imm(15));
    b.alu(AluOp.MUL, false, h, new Imm(4));
    // a read of 2 bytes at h + 2: its pointer starts at h + 2
    Reg off = b.newReg(Reg.Kind.INT, "off");
    b.mov(off, h);
    b.alu(AluOp.ADD, false, off, new Imm(2));
    Reg at = b.copy(Reg.Kind.REF, data, "at");
    b.alu(AluOp.ADD, false, at, off);
    p.check(at, 2, fail, second);
    b.switchTo(second);
    Reg v = b.newReg(Reg.Kind.INT, "v");
    b.load(v, at, 0, 2, false);
    // then 2 bytes at h: within h + 4, but below that pointer
    Reg at2 = b.copy(Reg.Kind.REF, data, "at");
    b.alu(AluOp.ADD, false, at2, h);
    p.check(at2, 2, fail, read);
    b.switchTo(read);
    Reg w = b.newReg(Reg.Kind.INT, "w");
    b.load(w, at2, 0, 2, false);
    b.alu(AluOp.ADD, false, w, v);
    b.ret(w, false);
    b.switchTo(fail);
    b.ret(new Imm(0), false);

    Optimizer.run(f);

    String listing = IrPrinter.print(f);
    assertEquals(3, PacketIr.count(listing, "> %data_end"), listing);
  }
}
