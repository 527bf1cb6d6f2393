package io.bpf4j.processor.frontend;

import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.model.KernelField;
import io.bpf4j.processor.model.KernelStructView;
import io.bpf4j.processor.model.MapModel;
import io.bpf4j.processor.model.StructField;

/**
 * An entry of the symbolic JVM operand stack. Most entries are IR operands; some stay symbolic
 * until an instruction consumes them (a map field, a string literal, an object under construction),
 * and an {@code @Atomic} field read waits to see whether it is part of a compound assignment.
 */
public sealed interface Value {
  /** A value held in an IR operand (register, immediate or stack address). */
  record Op(Operand operand, Reg.Kind kind) implements Value {}

  /** A boxed key or value ({@code Integer.valueOf(x)}): in BPF code, just {@code x}. */
  record Boxed(Op inner) implements Value {}

  /** A {@code @Map} field read by GETSTATIC. */
  record MapRef(MapModel map) implements Value {}

  /** A string literal. */
  record Str(String text) implements Value {}

  /** The result of NEW before its constructor ran. */
  record Uninit(String internalName, Op address) implements Value {}

  /**
   * A primitive array of constant length on the BPF stack.
   *
   * @param address where its first element is
   * @param length its constant length
   * @param elementSize bytes per element
   * @param signed whether loads sign-extend (byte, short, int, long) or not (boolean, char)
   */
  record Array(Op address, int length, int elementSize, boolean signed) implements Value {}

  /**
   * A three-way comparison not yet computed: LCMP, or {@code Integer/Long.compareUnsigned}. A
   * following IF against zero branches on {@code a} and {@code b} directly; any other use computes
   * the -1/0/1 value.
   *
   * @param is64 whether the operands are compared as longs
   * @param unsigned whether they are compared as unsigned numbers
   */
  record Compare(Op a, Op b, boolean is64, boolean unsigned) implements Value {}

  /** A read of an {@code @Atomic} field of an object that is also below it on the stack. */
  record FieldRead(Value object, String owner, StructField field) implements Value {}

  /** {@code FieldRead op rhs}: becomes one atomic instruction if stored back to the same field. */
  record FieldUpdate(FieldRead read, AluOp op, Op rhs) implements Value {}

  /**
   * A field read of a {@code @KernelStruct} view, not yet performed: a {@code Core.exists} or
   * {@code Core.sizeOf} around it asks about the field instead of reading it, and a further field
   * read through it (a pointer) reads it then.
   */
  record KernelRead(Value object, KernelStructView view, KernelField field) implements Value {}

  /**
   * A class literal ({@code Task.class}), as {@code Bpf.currentTask} and {@code Core.view} take.
   */
  record ClassLiteral(String internalName) implements Value {}

  /**
   * A reference to static method {@code name descriptor} of the program class (a method reference
   * or non-capturing lambda), as {@code Bpf.loop} takes for its callback.
   */
  record FunctionRef(String name, String descriptor) implements Value {}

  /** The address of a {@code BpfSpinLock} field, which only Bpf.spinLock/spinUnlock take. */
  record SpinLock(Op address) implements Value {}
}
