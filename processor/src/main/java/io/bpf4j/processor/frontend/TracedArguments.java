package io.bpf4j.processor.frontend;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Ext;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Mov;
import io.bpf4j.processor.ir.Reg;
import org.objectweb.asm.Type;

/**
 * The parameters of a program whose context is the traced arguments ({@code tp_btf}, {@code
 * fentry}, {@code fexit}, {@code lsm}, {@code iter}): r1 points to an array of u64 slots, argument
 * {@code i} in slot {@code i} (for fexit the return value follows the arguments), as libbpf's
 * {@code BPF_PROG} reads them. Each parameter is loaded from its slot at the program's entry and
 * narrowed to its Java type as C narrows the slot to the argument's type.
 *
 * <p>The kind of a parameter decides how it is read ({@link Kind}); a new kind (a BTF-typed kernel
 * struct pointer) is one more constant and one more case of {@link #read}.
 */
final class TracedArguments {
  /** How a parameter is read from its slot. */
  enum Kind {
    /** {@code long}: the whole slot (a scalar, or a kernel pointer as a number). */
    LONG,
    /** {@code int}: the low 32 bits. */
    INT,
    /** {@code short} and {@code byte}: the low 16 or 8 bits, sign-extended. */
    SIGNED_NARROW,
    /** {@code char} and {@code boolean}: the low 16 or 8 bits, zero-extended. */
    UNSIGNED_NARROW,
    /** A {@code @KernelStruct} view: the whole slot, a BTF-typed pointer to the struct. */
    KERNEL_STRUCT;

    static Kind of(Type t, int line, ClassContext context) {
      if (t.getSort() == Type.OBJECT && context.kernelStruct(t.getInternalName()) != null) {
        return KERNEL_STRUCT;
      }
      return switch (t.getSort()) {
        case Type.LONG -> LONG;
        case Type.INT -> INT;
        case Type.SHORT, Type.BYTE -> SIGNED_NARROW;
        case Type.CHAR, Type.BOOLEAN -> UNSIGNED_NARROW;
        default ->
            throw new CompileError(
                line,
                "a traced argument must be boolean, byte, short, char, int or long (a kernel"
                    + " pointer as a long) or a @KernelStruct view of the struct it points to, not "
                    + t.getClassName());
      };
    }
  }

  /** The most argument slots a traced function fills ({@code MAX_BPF_FUNC_ARGS}). */
  static final int MAX_SLOTS = 12;

  private final MethodState s;
  private final IrBuilder b;

  TracedArguments(MethodState s) {
    this.s = s;
    this.b = s.b;
  }

  /**
   * Binds every parameter's local to its slot's value; the context stays in a register of its own.
   */
  void bind(Type[] params) {
    if (params.length > MAX_SLOTS) {
      throw new CompileError(
          b.line(), "a traced function passes at most " + MAX_SLOTS + " arguments to a program");
    }
    Reg ctx = b.copy(Reg.Kind.REF, s.function.fixed(Register.R1), "ctx");
    s.function.markContext(ctx);
    int slot = 0;
    for (int i = 0; i < params.length; i++) {
      Reg local = s.local(slot, MethodState.kindOf(params[i], b.line()));
      read(Kind.of(params[i], b.line(), s.context), params[i], ctx, i, local);
      slot += params[i].getSize();
    }
  }

  private void read(Kind kind, Type type, Reg ctx, int index, Reg local) {
    if (kind == Kind.KERNEL_STRUCT) {
      b.load(local, ctx, 8 * index, 8, false);
      local.markBtfTyped();
      return;
    }
    Reg whole = kind == Kind.LONG ? local : b.newReg(Reg.Kind.LONG, "arg" + index);
    // Always the whole slot: the verifier types a pointer argument only on an 8-byte read.
    b.load(whole, ctx, 8 * index, 8, false);
    int bits = type.getSort() == Type.SHORT || type.getSort() == Type.CHAR ? 16 : 8;
    switch (kind) {
      case LONG, KERNEL_STRUCT -> {}
      case INT -> b.add(new Mov(local, whole, false, b.line()));
      case SIGNED_NARROW -> b.add(new Ext(local, whole, bits, b.line()));
      case UNSIGNED_NARROW -> {
        b.add(new Mov(local, whole, false, b.line()));
        b.alu(AluOp.AND, false, local, new Imm((1 << bits) - 1));
        local.markZeroExtendedNonNegative();
      }
    }
  }
}
