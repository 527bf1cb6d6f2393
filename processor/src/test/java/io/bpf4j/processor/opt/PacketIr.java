package io.bpf4j.processor.opt;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Reg;

/**
 * The start the packet pass tests share: an XDP program's function whose entry block copies r1 into
 * its context register and loads {@code data} and {@code data_end}, all on line 3.
 */
final class PacketIr {
  final Function f;
  final IrBuilder b;
  final Block entry;
  final Reg ctx;
  final Reg data;
  final Reg end;

  PacketIr(String name) {
    f = new Function(name);
    b = new IrBuilder(f);
    entry = f.newBlock();
    b.setLine(3);
    b.switchTo(entry);
    ctx = b.copy(Reg.Kind.REF, f.fixed(Register.R1), "ctx");
    f.markContext(ctx);
    data = b.newReg(Reg.Kind.REF, "data");
    b.load(data, ctx, 0, 4, false);
    end = b.newReg(Reg.Kind.REF, "data_end");
    b.load(end, ctx, 4, 4, false);
  }

  /** Ends the current block with {@code if (from + bytes > data_end) fail else pass}. */
  void check(Reg from, long bytes, Block fail, Block pass) {
    Reg limit = b.copy(Reg.Kind.REF, from, "limit");
    b.alu(AluOp.ADD, false, limit, new Imm(bytes));
    b.branch(Cond.UGT, true, limit, end, fail, pass);
  }

  /** How often {@code part} occurs in {@code text}. */
  static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
