package io.bpf4j.processor.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Ext;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.IrPrinter;
import io.bpf4j.processor.ir.Reg;
import org.junit.jupiter.api.Test;

/** Stores of the low bytes of a value skip the extension that leaves those bytes alone. */
class NarrowStoresTest {
  @Test
  void aByteStoreTakesTheValueBeforeItsSignExtension() {
    Function f = new Function("narrow");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    b.setLine(3);
    b.switchTo(entry);
    FrameSlot obj = f.newSlot("obj", 8, 8, FrameSlot.Purpose.OBJECT, 3);
    Reg x = b.newReg(Reg.Kind.INT, "x");
    b.load(x, f.fixed(Register.R1), 0, 4, false);
    Reg asByte = b.newReg(Reg.Kind.INT, "sx");
    b.add(new Ext(asByte, x, 8, 3));
    b.store(new FrameAddr(obj, 0), 0, 1, asByte);
    Reg asShort = b.newReg(Reg.Kind.INT, "sx");
    b.add(new Ext(asShort, x, 16, 3));
    // four bytes: the extension's upper half is stored, so it stays
    b.store(new FrameAddr(obj, 0), 4, 4, asShort);

    NarrowStores.run(f);
    Optimizer.removeDeadCode(f);

    assertEquals(
        """
        function narrow
        B0:
          %x.6 = *(u32 *)(r1 + 0)    ; line 3
          *(u8 *)(&obj0 + 0) = %x.6    ; line 3
          %sx.8 = (s16) %x.6    ; line 3
          *(u32 *)(&obj0 + 4) = %sx.8    ; line 3
        """,
        IrPrinter.print(f));
  }
}
