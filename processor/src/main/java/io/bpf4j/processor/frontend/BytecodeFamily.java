package io.bpf4j.processor.frontend;

import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Reg;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The base of the classes that translate one family of bytecode instructions (constants and locals,
 * arithmetic, control flow, objects, calls, the unsupported rest): access to the method's shared
 * {@link MethodState} under the names the translation code reads best with.
 */
abstract class BytecodeFamily {
  final MethodState s;
  final ClassContext context;
  final MethodNode method;
  final Function function;
  final IrBuilder b;
  final Intrinsics intrinsics;
  final Arrays arrays;
  final List<Value> stack;
  final Map<AbstractInsnNode, String> lookupValueTypes;

  BytecodeFamily(MethodState s) {
    this.s = s;
    this.context = s.context;
    this.method = s.method;
    this.function = s.function;
    this.b = s.b;
    this.intrinsics = s.intrinsics;
    this.arrays = s.arrays;
    this.stack = s.stack;
    this.lookupValueTypes = s.lookupValueTypes;
  }

  final void push(Value v) {
    s.push(v);
  }

  final Value pop() {
    return s.pop();
  }

  final Value.Op popOp() {
    return s.popOp();
  }

  final Value.Op op(Value v) {
    return s.op(v);
  }

  final Reg local(int index, Reg.Kind kind) {
    return s.local(index, kind);
  }

  final Block blockAt(int index) {
    return s.blockAt(index);
  }

  final void saveStackFor(int targetIndex) {
    s.saveStackFor(targetIndex);
  }

  final void protectLocal(Reg reg) {
    s.protectLocal(reg);
  }

  final int firstLine() {
    return s.firstLine();
  }

  final int lineAt(int index) {
    return s.lineAt(index);
  }

  final int lineAfter(int index) {
    return s.lineAfter(index);
  }

  static int size(Value v) {
    return MethodState.size(v);
  }

  static Value.Op intConst(long v) {
    return MethodState.intConst(v);
  }

  static Value.Op longConst(long v) {
    return MethodState.longConst(v);
  }

  static Reg.Kind kindOf(Type t, int line) {
    return MethodState.kindOf(t, line);
  }

  static String simpleName(String internalName) {
    return MethodState.simpleName(internalName);
  }
}
