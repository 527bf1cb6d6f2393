package io.bpf4j.processor.frontend;

import io.bpf4j.object.kernel.CoreRelocationKind;
import io.bpf4j.object.kernel.Helper;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.CoreAccess;
import io.bpf4j.processor.ir.CoreValue;
import io.bpf4j.processor.ir.Ext;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Load;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.model.KernelField;
import io.bpf4j.processor.model.KernelStructView;
import io.bpf4j.processor.model.LangNames;
import java.util.List;

/**
 * Reads of {@code @KernelStruct} view fields, compiled as clang compiles {@code BPF_CORE_READ}:
 * each access carries a CO-RE relocation ({@link CoreAccess}) so the loader puts in the running
 * kernel's offset. Through a BTF-typed pointer ({@link Reg#isBtfTyped()}) a field is one direct
 * load whose offset is relocated; through any other pointer it is {@code bpf_probe_read_kernel} of
 * {@code pointer + offset} into the scratch slot, the offset a relocated {@code mov}. A pointer
 * field read through a BTF-typed pointer is BTF-typed too. Array fields are copied to the stack
 * with {@code bpf_probe_read_kernel} either way (the verifier only allows constant offsets into
 * BTF-typed memory).
 *
 * <p>Also {@code Core.exists}/{@code Core.sizeOf} (a relocated {@code mov} of 1 or the local size),
 * {@code Bpf.currentTask} ({@code bpf_get_current_task_btf}) and {@code Core.view}.
 */
final class KernelReads {
  private final IrBuilder b;
  private final ClassContext context;
  private final ScratchSlot scratch;

  KernelReads(IrBuilder b, ClassContext context, ScratchSlot scratch) {
    this.b = b;
    this.context = context;
    this.scratch = scratch;
  }

  /** The view {@code owner}, or null when it is not a {@code @KernelStruct} class. */
  KernelStructView view(String owner) {
    return context.kernelStruct(owner);
  }

  /** {@code object.name} of view {@code view}, left unread. */
  Value.KernelRead fieldRead(Value object, KernelStructView view, String name) {
    KernelField field = view.field(name);
    if (field == null) {
      throw new CompileError(b.line(), Messages.instanceField(view.simpleName(), name));
    }
    return new Value.KernelRead(object, view, field);
  }

  /** Performs read {@code r}: a scalar or pointer in a register, or an array on the stack. */
  Value read(Value.KernelRead r, Intrinsics.Materializer m) {
    Reg base = pointer(r.object(), m);
    KernelField field = r.field();
    if (field.isArray()) {
      return array(base, r);
    }
    CoreAccess offset = new CoreAccess(r.view(), field, CoreRelocationKind.FIELD_BYTE_OFFSET);
    Reg.Kind kind =
        field.isPointer() ? Reg.Kind.REF : field.isLong() ? Reg.Kind.LONG : Reg.Kind.INT;
    Reg t = b.newReg(kind, field.name());
    if (base.isBtfTyped()) {
      // An unsigned load that the relocation may retarget; the sign extension is apart, as
      // libbpf patches only plain LDX instructions.
      b.add(new Load(t, base, field.localOffset(), field.size(), false, b.line()))
          .relocatedBy(offset);
      if (field.isPointer()) {
        t.markBtfTyped();
      }
    } else {
      FrameSlot slot = scratch.atLeast(8);
      probeRead(new FrameAddr(slot, 0), field.size(), base, offset);
      b.load(t, new FrameAddr(slot, 0), 0, field.size(), false);
      if (field.isPointer()) {
        t.markPlain();
      }
    }
    if (field.signed() && field.size() < 4) {
      b.add(new Ext(t, t, field.size() * 8, b.line()));
    } else if (!field.signed() && field.size() < 4) {
      t.markZeroExtendedNonNegative();
    }
    return new Value.Op(t, kind);
  }

  /** An array field, copied into a stack array of its own. */
  private Value.Array array(Reg base, Value.KernelRead r) {
    KernelField field = r.field();
    FrameSlot slot =
        b.function()
            .newSlot(field.name(), (field.size() + 7) & ~7, 8, FrameSlot.Purpose.OBJECT, b.line());
    FrameAddr at = new FrameAddr(slot, 0);
    probeRead(
        at,
        field.size(),
        base,
        new CoreAccess(r.view(), field, CoreRelocationKind.FIELD_BYTE_OFFSET));
    return new Value.Array(
        new Value.Op(at, Reg.Kind.REF), field.length(), field.elementSize(), field.signed());
  }

  /**
   * {@code bpf_probe_read_kernel(dst, size, base + offset)}, the offset a relocated {@code mov} as
   * clang emits it for {@code BPF_CORE_READ}. A failed read leaves zeros, so a chain through a null
   * pointer reads 0.
   */
  private void probeRead(FrameAddr dst, int size, Reg base, CoreAccess offset) {
    Reg address = b.newReg(Reg.Kind.LONG, "core_addr");
    b.add(new Mov(address, new CoreValue(offset), true, b.line()));
    b.alu(AluOp.ADD, false, address, base);
    b.call(
        Helper.PROBE_READ_KERNEL.id(),
        null,
        List.of(dst, new Imm(size), address),
        List.of(true, true, true),
        null);
  }

  /** The pointer a read goes through: a view in a register, or a pointer field read first. */
  private Reg pointer(Value object, Intrinsics.Materializer m) {
    Value v = object instanceof Value.KernelRead r ? read(r, m) : object;
    Value.Op op = m.op(v);
    if (op.operand() instanceof Imm) {
      // A read through null: Java throws, BPF code ends the program with 0.
      b.jump(b.returnZeroBlock());
      return b.copy(Reg.Kind.REF, op.operand(), "null");
    }
    return op.operand() instanceof Reg reg ? reg : b.copy(Reg.Kind.REF, op.operand(), "view");
  }

  /** {@code Core.exists(read)} or {@code Core.sizeOf(read)}: a relocated {@code mov}. */
  Value question(String name, List<Value> args) {
    if (args.size() != 1 || !(args.get(0) instanceof Value.KernelRead r)) {
      throw new CompileError(b.line(), Messages.coreQuestion(name));
    }
    int kind =
        name.equals(LangNames.CORE_EXISTS)
            ? CoreRelocationKind.FIELD_EXISTS
            : CoreRelocationKind.FIELD_BYTE_SIZE;
    Reg t = b.newReg(Reg.Kind.INT, name);
    b.add(new Mov(t, new CoreValue(new CoreAccess(r.view(), r.field(), kind)), false, b.line()));
    t.markZeroExtendedNonNegative();
    return new Value.Op(t, Reg.Kind.INT);
  }

  /** {@code Bpf.currentTask(View.class)}: {@code bpf_get_current_task_btf}, a BTF-typed pointer. */
  Value currentTask(List<Value> args) {
    viewOf("Bpf.currentTask", args);
    Reg task = b.call(Helper.GET_CURRENT_TASK_BTF.id(), null, List.of(), List.of(), Reg.Kind.REF);
    task.markBtfTyped();
    return new Value.Op(task, Reg.Kind.REF);
  }

  /** {@code Core.view(View.class, address)}: the address as a plain pointer. */
  Value view(List<Value> args, Intrinsics.Materializer m) {
    viewOf("Core.view", args);
    Value.Op address = m.op(args.get(1));
    Reg t = b.copy(Reg.Kind.REF, address.operand(), "view");
    t.markPlain();
    return new Value.Op(t, Reg.Kind.REF);
  }

  private KernelStructView viewOf(String method, List<Value> args) {
    KernelStructView v =
        !args.isEmpty() && args.get(0) instanceof Value.ClassLiteral c
            ? view(c.internalName())
            : null;
    if (v == null) {
      throw new CompileError(b.line(), Messages.viewClassLiteral(method));
    }
    return v;
  }
}
