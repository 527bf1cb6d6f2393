package io.bpf4j.processor.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.ByteSwap;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.IrPrinter;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import org.junit.jupiter.api.Test;

/** {@code ntohs} of a value already swapped: the second swap gives the loaded value back. */
class SwapPairsTest {
  @Test
  void aSwapOfASwappedValueIsTheValueCutToItsWidth() {
    Function f = new Function("swaps");
    IrBuilder b = new IrBuilder(f);
    Block entry = f.newBlock();
    b.setLine(3);
    b.switchTo(entry);
    Reg loaded = b.newReg(Reg.Kind.INT, "pkt");
    b.load(loaded, f.fixed(Register.R1), 0, 2, false);
    Reg host = b.newReg(Reg.Kind.INT, "pkt");
    b.add(new Mov(host, loaded, false, 3));
    b.add(new ByteSwap(host, 16, 3));
    Reg copy = b.newReg(Reg.Kind.INT, "ntohs");
    b.add(new Mov(copy, host, false, 3));
    b.add(new ByteSwap(copy, 16, 3));
    // a 32-bit swap of the 16-bit swap is another value: it stays
    Reg wide = b.newReg(Reg.Kind.INT, "wide");
    b.add(new Mov(wide, host, false, 3));
    b.add(new ByteSwap(wide, 32, 3));
    b.store(f.fixed(Register.R1), 0, 2, copy);
    b.store(f.fixed(Register.R1), 4, 4, wide);

    SwapPairs.run(f);

    assertEquals(
        """
        function swaps
        B0:
          %pkt.6 = *(u16 *)(r1 + 0)    ; line 3
          %pkt.7 =32 %pkt.6    ; line 3
          %pkt.7 = be16 %pkt.7    ; line 3
          %ntohs.8 =32 %pkt.7    ; line 3
          %ntohs.8 =32 %pkt.6    ; line 3
          %ntohs.8 &= 65535    ; line 3
          %wide.9 =32 %pkt.7    ; line 3
          %wide.9 = be32 %wide.9    ; line 3
          *(u16 *)(r1 + 0) = %ntohs.8    ; line 3
          *(u32 *)(r1 + 4) = %wide.9    ; line 3
        """,
        IrPrinter.print(f));
  }
}
