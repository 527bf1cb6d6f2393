package io.bpf4j.processor.frontend;

import io.bpf4j.object.kernel.Helper;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.DataAddr;
import io.bpf4j.processor.ir.FuncAddr;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.List;

/** The static methods of {@code io.bpf4j.lang.Bpf}: kernel helpers and byte-order conversions. */
final class BpfCalls {
  private final IrBuilder b;
  private final ClassContext context;

  private final SwappedValues swapped;

  BpfCalls(IrBuilder b, ClassContext context, SwappedValues swapped) {
    this.b = b;
    this.context = context;
    this.swapped = swapped;
  }

  private Value.Op callHelper(int id, List<Value.Op> args, Reg.Kind resultKind) {
    return Intrinsics.result(
        b.call(id, null, Intrinsics.operands(args), Intrinsics.widths(args), resultKind));
  }

  /** A helper's destination buffer: a byte array of constant length (local or struct field). */
  private Value.Array byteArray(String method, Value v) {
    if (v instanceof Value.Array a && a.elementSize() == 1 && a.length() > 0) {
      return a;
    }
    throw new CompileError(
        b.line(),
        "Bpf."
            + method
            + " needs a byte[] of constant length: a local (byte[] buf = new byte[16]) or a byte[]"
            + " field of a @Struct");
  }

  /**
   * The kernel refuses maps with a bpf_spin_lock in socket filters and tracing programs (its
   * check_map_prog_compatibility); null is a subprogram, which any program may call.
   */
  private void refuseLockIn(String section) {
    if (section == null) {
      return;
    }
    for (io.bpf4j.processor.model.SectionModel s : context.model().sections()) {
      if (s.section().equals(section) && LOCKLESS_TYPES.contains(s.type())) {
        throw new CompileError(b.line(), Messages.spinLockProgramType(s.type().kernelName()));
      }
    }
  }

  private static final java.util.Set<io.bpf4j.object.kernel.ProgramType> LOCKLESS_TYPES =
      java.util.EnumSet.of(
          io.bpf4j.object.kernel.ProgramType.SOCKET_FILTER,
          io.bpf4j.object.kernel.ProgramType.KPROBE,
          io.bpf4j.object.kernel.ProgramType.TRACEPOINT,
          io.bpf4j.object.kernel.ProgramType.PERF_EVENT,
          io.bpf4j.object.kernel.ProgramType.RAW_TRACEPOINT,
          io.bpf4j.object.kernel.ProgramType.RAW_TRACEPOINT_WRITABLE,
          io.bpf4j.object.kernel.ProgramType.TRACING);

  /** {@code bpf_loop(n, &callback, ctx, 0)}, the callback a subprogram of this class. */
  private Value loop(List<Value> args, Intrinsics.Materializer m) {
    if (!(args.get(1) instanceof Value.FunctionRef callback)) {
      throw new CompileError(b.line(), Messages.loopCallbackNotStatic("argument"));
    }
    Value.Op n = m.op(args.get(0));
    if (n.operand() instanceof Imm i && Integer.toUnsignedLong((int) i.value()) > (1 << 23)) {
      throw new CompileError(b.line(), Messages.loopCount(Integer.toUnsignedLong((int) i.value())));
    }
    Value ctxValue = args.get(2);
    if (!(ctxValue instanceof Value.Op ctx)
        || ctx.kind() != Reg.Kind.REF && !(ctx.operand() instanceof Imm)
        || ctx.operand() instanceof Imm c && c.value() != 0) {
      throw new CompileError(b.line(), Messages.loopContext());
    }
    String symbol = context.loopCallback(callback.name(), callback.descriptor(), b.line());
    List<Operand> ops = List.of(n.operand(), new FuncAddr(symbol), ctx.operand(), new Imm(0));
    return Intrinsics.result(
        b.call(Helper.LOOP.id(), null, ops, List.of(false, true, true, true), Reg.Kind.INT));
  }

  Value call(String name, List<Value> args, Intrinsics.Materializer m) {
    switch (name) {
      case "printk" -> {
        if (!(args.get(0) instanceof Value.Str fmt)) {
          throw new CompileError(b.line(), Messages.nonConstantString());
        }
        int offset = context.internString(fmt.text());
        int length = fmt.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
        List<Operand> ops =
            new ArrayList<>(List.of(new DataAddr(".rodata", offset), new Imm(length)));
        List<Boolean> widths = new ArrayList<>(List.of(true, true));
        for (Value a : args.subList(1, args.size())) {
          ops.add(m.op(a).operand());
          widths.add(true);
        }
        return Intrinsics.result(b.call(Helper.TRACE_PRINTK.id(), null, ops, widths, Reg.Kind.INT));
      }
      case "loop" -> {
        return loop(args, m);
      }
      case "spinLock", "spinUnlock" -> {
        if (!(args.get(0) instanceof Value.SpinLock lock)) {
          throw new CompileError(b.line(), Messages.spinLockField("argument"));
        }
        if (lock.address().operand() instanceof io.bpf4j.processor.ir.FrameAddr) {
          throw new CompileError(b.line(), Messages.spinLockOnStack());
        }
        refuseLockIn(context.currentSection());
        Helper helper = name.equals("spinLock") ? Helper.SPIN_LOCK : Helper.SPIN_UNLOCK;
        return callHelper(helper.id(), List.of(lock.address()), null);
      }
      case "ktimeGetNs" -> {
        return callHelper(Helper.KTIME_GET_NS.id(), List.of(), Reg.Kind.LONG);
      }
      case "getPrandomU32" -> {
        return callHelper(Helper.GET_PRANDOM_U32.id(), List.of(), Reg.Kind.INT);
      }
      case "getSmpProcessorId" -> {
        return callHelper(Helper.GET_SMP_PROCESSOR_ID.id(), List.of(), Reg.Kind.INT);
      }
      case "getCurrentPidTgid" -> {
        return callHelper(Helper.GET_CURRENT_PID_TGID.id(), List.of(), Reg.Kind.LONG);
      }
      case "getCurrentUidGid" -> {
        return callHelper(Helper.GET_CURRENT_UID_GID.id(), List.of(), Reg.Kind.LONG);
      }
      case "getCurrentComm" -> {
        Value.Array dst = byteArray(name, args.get(0));
        return Intrinsics.result(
            b.call(
                Helper.GET_CURRENT_COMM.id(),
                null,
                List.of(dst.address().operand(), new Imm(dst.length())),
                List.of(true, true),
                Reg.Kind.INT));
      }
      case "probeReadKernel", "probeReadKernelStr", "probeReadUserStr" -> {
        Value.Array dst = byteArray(name, args.get(0));
        Helper helper =
            switch (name) {
              case "probeReadKernel" -> Helper.PROBE_READ_KERNEL;
              case "probeReadKernelStr" -> Helper.PROBE_READ_KERNEL_STR;
              default -> Helper.PROBE_READ_USER_STR;
            };
        return Intrinsics.result(
            b.call(
                helper.id(),
                null,
                List.of(
                    dst.address().operand(), new Imm(dst.length()), m.op(args.get(1)).operand()),
                List.of(true, true, true),
                Reg.Kind.INT));
      }
      case "getSocketCookie" -> {
        return callHelper(Helper.GET_SOCKET_COOKIE.id(), List.of(m.op(args.get(0))), Reg.Kind.LONG);
      }
      case "getSocketUid" -> {
        return callHelper(Helper.GET_SOCKET_UID.id(), List.of(m.op(args.get(0))), Reg.Kind.INT);
      }
      case "redirect" -> {
        return callHelper(
            Helper.REDIRECT.id(), List.of(m.op(args.get(0)), m.op(args.get(1))), Reg.Kind.INT);
      }
      case "csumDiff" -> {
        return csumDiff(args, m);
      }
      case "csumFold" -> {
        return csumFold(m.op(args.get(0)));
      }
      case "htons", "ntohs", "htonl", "ntohl" -> {
        int bits = name.endsWith("s") ? 16 : 32;
        Value.Op v = m.op(args.get(0));
        if (v.operand() instanceof Imm i) {
          int x = (int) i.value();
          int swapped =
              bits == 16
                  ? Short.toUnsignedInt(Short.reverseBytes((short) x))
                  : Integer.reverseBytes(x);
          return new Value.Op(new Imm(swapped), Reg.Kind.INT);
        }
        // Swapped from a copy written once, so a later swap back can use the copy.
        Reg t = swapped.swap(b.copy(Reg.Kind.INT, v.operand(), name), bits, name);
        return new Value.Op(t, Reg.Kind.INT);
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * {@code bpf_csum_diff(from, len, to, len, seed)} over byte arrays whose lengths are multiples of
   * 4 (the kernel sums 32-bit words and refuses other sizes); a null array is an empty one.
   */
  private Value csumDiff(List<Value> args, Intrinsics.Materializer m) {
    Value.Op from = wordArray("from", args.get(0), m);
    Value.Op to = wordArray("to", args.get(1), m);
    int fromSize = args.get(0) instanceof Value.Array a ? a.length() : 0;
    int toSize = args.get(1) instanceof Value.Array a ? a.length() : 0;
    return Intrinsics.result(
        b.call(
            Helper.CSUM_DIFF.id(),
            null,
            List.of(
                from.operand(),
                new Imm(fromSize),
                to.operand(),
                new Imm(toSize),
                m.op(args.get(2)).operand()),
            List.of(true, true, true, true, false),
            Reg.Kind.LONG));
  }

  private Value.Op wordArray(String which, Value v, Intrinsics.Materializer m) {
    if (v instanceof Value.Array a && a.elementSize() == 1 && a.length() % 4 == 0) {
      return a.address();
    }
    if (!(v instanceof Value.Array) && m.op(v).operand() instanceof Imm i && i.value() == 0) {
      return new Value.Op(new Imm(0), Reg.Kind.REF);
    }
    throw new CompileError(b.line(), Messages.csumDiffArray(which));
  }

  /**
   * {@code Bpf.csumFold}: the same arithmetic as its Java body, {@code s = sum & 0xffffffff}, the
   * carries folded twice, inverted and cut to 16 bits; folded at compile time for a constant.
   */
  private Value csumFold(Value.Op sum) {
    if (sum.operand() instanceof Imm i) {
      long c = i.value() & 0xffffffffL;
      c = (c & 0xffff) + (c >>> 16);
      c = (c & 0xffff) + (c >>> 16);
      return new Value.Op(new Imm(~c & 0xffff), Reg.Kind.INT);
    }
    // A 32-bit move keeps the low half and zeroes the rest: the & 0xffffffff.
    Reg s = b.newReg(Reg.Kind.LONG, "csum");
    b.add(new io.bpf4j.processor.ir.Mov(s, sum.operand(), false, b.line()));
    for (int round = 0; round < 2; round++) {
      Reg high = b.copy(Reg.Kind.LONG, s, "carry");
      b.alu(io.bpf4j.processor.ir.AluOp.RSH, false, high, new Imm(16));
      b.alu(io.bpf4j.processor.ir.AluOp.AND, false, s, new Imm(0xffff));
      b.alu(io.bpf4j.processor.ir.AluOp.ADD, false, s, high);
    }
    Reg folded = b.newReg(Reg.Kind.INT, "folded");
    b.add(new io.bpf4j.processor.ir.Mov(folded, s, false, b.line()));
    b.alu(io.bpf4j.processor.ir.AluOp.XOR, false, folded, new Imm(0xffff));
    b.alu(io.bpf4j.processor.ir.AluOp.AND, false, folded, new Imm(0xffff));
    folded.markZeroExtendedNonNegative();
    return new Value.Op(folded, Reg.Kind.INT);
  }
}
