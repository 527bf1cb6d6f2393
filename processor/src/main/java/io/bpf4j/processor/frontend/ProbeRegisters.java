package io.bpf4j.processor.frontend;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Reg;
import java.util.List;

/**
 * Reads of a kprobe's or uprobe's {@code struct pt_regs} ({@code PtRegs}), in the x86-64 layout
 * (arch/x86/include/uapi/asm/ptrace.h), the only one bpf4j writes objects for: the kernel lets a
 * probe read any aligned 8-byte register slot.
 */
final class ProbeRegisters {
  /** {@code di, si, dx, cx, r8, r9}: the System V argument registers, as PT_REGS_PARM1..6. */
  private static final int[] ARGUMENT_OFFSETS = {112, 104, 96, 88, 72, 64};

  private static final int AX = 80;
  private static final int IP = 128;
  private static final int SP = 152;

  private final IrBuilder b;

  ProbeRegisters(IrBuilder b) {
    this.b = b;
  }

  /** The value of {@code PtRegs.name(args)}, or null when it is no method of PtRegs. */
  Value call(String name, Value.Op regs, List<Value> args, Intrinsics.Materializer m) {
    int offset;
    switch (name) {
      case "arg" -> {
        Value.Op n = m.op(args.get(0));
        if (!(n.operand() instanceof Imm i) || i.value() < 0 || i.value() >= 6) {
          throw new CompileError(
              b.line(),
              "PtRegs.arg(n) needs a constant n from 0 to 5 (x86-64 passes six arguments in"
                  + " registers; read further ones from the stack with Bpf helpers)");
        }
        offset = ARGUMENT_OFFSETS[(int) i.value()];
      }
      case "ret" -> offset = AX;
      case "ip" -> offset = IP;
      case "sp" -> offset = SP;
      default -> {
        return null;
      }
    }
    Reg t = b.newReg(Reg.Kind.LONG, name);
    b.load(t, regs.operand(), offset, 8, false);
    return new Value.Op(t, Reg.Kind.LONG);
  }
}
