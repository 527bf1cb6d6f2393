package io.bpf4j.processor.frontend;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.DataAddr;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.model.KernelStructView;
import io.bpf4j.processor.model.LangNames;
import io.bpf4j.processor.model.StructField;
import io.bpf4j.processor.model.StructLayout;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Static and instance fields ({@code @Map} fields, {@code @Struct} fields), {@code new} of a
 * {@code @Struct}, the one cast that compiles, and int/long/byte arrays.
 */
final class ObjectOps extends BytecodeFamily {
  ObjectOps(MethodState s) {
    super(s);
  }

  /** Translates {@code n} if it is of this family; returns whether it was. */
  boolean translate(AbstractInsnNode n, int op, int index) {
    switch (op) {
      case Opcodes.GETSTATIC -> getStatic((FieldInsnNode) n, index);
      case Opcodes.PUTSTATIC -> putStatic((FieldInsnNode) n);
      case Opcodes.GETFIELD -> getField((FieldInsnNode) n);
      case Opcodes.PUTFIELD -> putField((FieldInsnNode) n);
      case Opcodes.NEW -> newObject((TypeInsnNode) n);
      case Opcodes.CHECKCAST -> {
        if (!isLookupCast((TypeInsnNode) n) && !isViewCast((TypeInsnNode) n)) {
          throw new CompileError(
              b.line(), Messages.referenceCast(simpleName(((TypeInsnNode) n).desc)));
        }
      }
      case Opcodes.NEWARRAY -> push(arrays.create(((IntInsnNode) n).operand, popOp()));
      case Opcodes.ARRAYLENGTH -> push(intConst(arrays.of(pop()).length()));
      case Opcodes.IALOAD, Opcodes.LALOAD, Opcodes.BALOAD, Opcodes.CALOAD, Opcodes.SALOAD -> {
        Value.Op element = popOp();
        push(arrays.load(arrays.of(pop()), element, op == Opcodes.LALOAD));
      }
      case Opcodes.IASTORE, Opcodes.LASTORE, Opcodes.BASTORE, Opcodes.CASTORE, Opcodes.SASTORE -> {
        Value.Op value = popOp();
        Value.Op element = popOp();
        arrays.store(arrays.of(pop()), element, value);
      }
      case Opcodes.ANEWARRAY, Opcodes.MULTIANEWARRAY, Opcodes.AALOAD, Opcodes.AASTORE ->
          throw new CompileError(b.line(), Messages.arrays());
      case Opcodes.INSTANCEOF ->
          throw new CompileError(b.line(), Messages.unsupportedInstruction("instanceof"));
      default -> {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code checkcast} is the one javac inserts after {@code BpfMap.lookup} (whose erased
   * result is an Object) to the map's value type: the only cast that compiles, as no object carries
   * its type at run time and a cast to another type would reinterpret its memory.
   */
  private boolean isLookupCast(TypeInsnNode checkcast) {
    AbstractInsnNode p = checkcast.getPrevious();
    while (p != null && p.getOpcode() < 0) {
      p = p.getPrevious();
    }
    return checkcast.desc.equals(lookupValueTypes.get(p));
  }

  /**
   * Whether {@code checkcast} is the one javac puts after {@code Bpf.currentTask} or {@code
   * Core.view} (whose erased result is an Object) to the view class.
   */
  private boolean isViewCast(TypeInsnNode checkcast) {
    AbstractInsnNode p = checkcast.getPrevious();
    while (p != null && p.getOpcode() < 0) {
      p = p.getPrevious();
    }
    return p instanceof MethodInsnNode m
        && ((m.owner.equals(LangNames.BPF) && m.name.equals(LangNames.BPF_CURRENT_TASK))
            || (m.owner.equals(LangNames.CORE) && m.name.equals(LangNames.CORE_VIEW)))
        && intrinsics.kernelStruct(checkcast.desc) != null;
  }

  /** Whether the next instruction is a {@code Core.exists} or {@code Core.sizeOf} call. */
  private static boolean coreQuestionFollows(AbstractInsnNode n) {
    AbstractInsnNode next = n.getNext();
    while (next != null && next.getOpcode() < 0) {
      next = next.getNext();
    }
    return next instanceof MethodInsnNode m && m.owner.equals(LangNames.CORE);
  }

  private void getStatic(FieldInsnNode f, int index) {
    if (f.name.equals("$assertionsDisabled")) {
      // javac's flag behind every assert statement of the class.
      throw new CompileError(b.line(), Messages.assertions());
    }
    if (f.owner.equals(context.model().internalName())) {
      var map = context.model().mapByField(f.name);
      if (map != null) {
        push(new Value.MapRef(map));
        return;
      }
    }
    GlobalVar global = context.global(f.owner, f.name);
    if (global != null) {
      getGlobal(global, f, index);
      return;
    }
    throw new CompileError(
        b.line(), Messages.staticFieldRead(f.owner.replace('/', '.') + "." + f.name));
  }

  /** The address of {@code global}: an {@code ld_imm64} of its symbol, never null. */
  private Value.Op globalAddress(GlobalVar global) {
    Reg address = b.copy(Reg.Kind.REF, new DataAddr(global.name(), 0), global.name());
    return new Value.Op(address, Reg.Kind.REF);
  }

  private void getGlobal(GlobalVar global, FieldInsnNode f, int index) {
    Value.Op address = globalAddress(global);
    StructField field = global.asField();
    if (field == null) {
      push(address);
    } else if (field.isArray()) {
      push(new Value.Array(address, field.length(), field.elementSize(), field.signed()));
    } else if (field.atomic() && compoundAssignmentFollows(f, index)) {
      push(new Value.FieldRead(address, f.owner, field));
    } else {
      push(intrinsics.loadField(address, field));
    }
  }

  /**
   * Whether the instructions after the read of {@code f} at {@code index} store {@code f} again
   * before they read it again or leave the straight line: the shape of {@code x += e}.
   */
  private boolean compoundAssignmentFollows(FieldInsnNode f, int index) {
    AbstractInsnNode n = method.instructions.get(index).getNext();
    for (; n != null; n = n.getNext()) {
      if (n instanceof FieldInsnNode g && g.owner.equals(f.owner) && g.name.equals(f.name)) {
        return g.getOpcode() == Opcodes.PUTSTATIC;
      }
      if (n instanceof org.objectweb.asm.tree.JumpInsnNode
          || n instanceof org.objectweb.asm.tree.LabelNode
          || (n.getOpcode() >= Opcodes.IRETURN && n.getOpcode() <= Opcodes.RETURN)) {
        return false;
      }
    }
    return false;
  }

  private void putStatic(FieldInsnNode f) {
    GlobalVar global = context.global(f.owner, f.name);
    if (global == null) {
      throw new CompileError(b.line(), Messages.staticFieldWrite(f.name));
    }
    if (global.model().config()) {
      throw new CompileError(b.line(), Messages.configWrite(f.name));
    }
    StructField field = global.asField();
    if (field == null) {
      throw new CompileError(b.line(), Messages.globalStructAssigned(f.name));
    }
    if (field.isArray()) {
      throw new CompileError(b.line(), Messages.globalArrayAssigned(f.name));
    }
    Value value = pop();
    if (value instanceof Value.FieldUpdate u
        && u.read().owner().equals(f.owner)
        && u.read().field().equals(field)) {
      intrinsics.atomicUpdate(op(u.read().object()), field, u.op(), u.rhs());
      return;
    }
    intrinsics.storeField(globalAddress(global), field, op(value));
  }

  private StructField structField(FieldInsnNode f) {
    StructLayout layout = context.struct(f.owner);
    StructField field = layout == null ? null : layout.field(f.name);
    if (field == null) {
      throw new CompileError(b.line(), Messages.instanceField(simpleName(f.owner), f.name));
    }
    return field;
  }

  private void getField(FieldInsnNode f) {
    KernelStructView view = intrinsics.kernelStruct(f.owner);
    if (view != null) {
      Value.KernelRead read = intrinsics.kernelFieldRead(pop(), view, f.name);
      // An array is wanted as an array (indexed, passed to a helper): read it now.
      push(
          read.field().isArray() && !coreQuestionFollows(f)
              ? intrinsics.kernelRead(read, this::op)
              : read);
      return;
    }
    StructField field = structField(f);
    Value obj = pop();
    if (field.isSpinLock()) {
      // Its address, for Bpf.spinLock/spinUnlock; BpfCalls refuses it anywhere else.
      push(new Value.SpinLock(intrinsics.arrayField(op(obj), field).address()));
      return;
    }
    if (field.isArray()) {
      push(intrinsics.arrayField(op(obj), field));
      return;
    }
    boolean compound = !stack.isEmpty() && stack.get(stack.size() - 1) == obj;
    if (field.atomic() && compound) {
      push(new Value.FieldRead(obj, f.owner, field));
    } else {
      push(intrinsics.loadField(op(obj), field));
    }
  }

  private void putField(FieldInsnNode f) {
    KernelStructView view = intrinsics.kernelStruct(f.owner);
    if (view != null) {
      throw new CompileError(b.line(), Messages.kernelStructWrite(view.simpleName(), f.name));
    }
    StructField field = structField(f);
    if (field.isSpinLock()) {
      throw new CompileError(b.line(), Messages.spinLockField(field.name()));
    }
    if (field.isArray()) {
      throw new CompileError(b.line(), Messages.structArrayAssigned(field.name()));
    }
    Value value = pop();
    Value obj = pop();
    if (value instanceof Value.FieldUpdate u
        && u.read().object() == obj
        && u.read().field().equals(field)) {
      intrinsics.atomicUpdate(op(obj), field, u.op(), u.rhs());
      return;
    }
    intrinsics.storeField(op(obj), field, op(value));
  }

  private void newObject(TypeInsnNode n) {
    StructLayout layout = context.struct(n.desc);
    KernelStructView view = intrinsics.kernelStruct(n.desc);
    if (view != null) {
      throw new CompileError(b.line(), Messages.kernelStructNew(view.simpleName()));
    }
    if (layout == null) {
      String name = simpleName(n.desc);
      if (name.endsWith("Exception") || name.endsWith("Error")) {
        throw new CompileError(b.line(), Messages.exceptions());
      }
      throw new CompileError(b.line(), Messages.newOfNonStruct(name));
    }
    FrameSlot slot =
        function.newSlot(
            layout.cName(), (layout.size() + 7) & ~7, 8, FrameSlot.Purpose.OBJECT, b.line());
    push(new Value.Uninit(n.desc, new Value.Op(new FrameAddr(slot, 0), Reg.Kind.REF)));
  }
}
