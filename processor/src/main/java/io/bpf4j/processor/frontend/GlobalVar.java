package io.bpf4j.processor.frontend;

import io.bpf4j.object.MapSpec;
import io.bpf4j.object.kernel.CLayout;
import io.bpf4j.processor.model.GlobalModel;
import io.bpf4j.processor.model.StructField;

/**
 * A {@code @Global} or {@code @Config} field with what its static initializer fixed: the length of
 * an array and the initial bytes. BPF code reaches it through an {@code ld_imm64} of its symbol (a
 * {@link io.bpf4j.processor.ir.DataAddr}), which the loader turns into the address of the variable
 * inside its section's map value.
 *
 * @param model the field's declaration
 * @param length the element count of an array, 0 otherwise
 * @param initialValue the initial bytes, little-endian; its length is the variable's size
 */
public record GlobalVar(GlobalModel model, int length, byte[] initialValue) {

  public String name() {
    return model.fieldName();
  }

  public int size() {
    return initialValue.length;
  }

  /** The C alignment: the element's size for primitives and arrays, the struct's own. */
  public int alignment() {
    return model.isStruct()
        ? model.struct().align()
        : CLayout.sizeOfDescriptor(model.elementDescriptor());
  }

  /**
   * {@code .rodata} for configuration, {@code .bss} when all zeros (as clang), else {@code .data}.
   */
  public MapSpec.Kind section() {
    if (model.config()) {
      return MapSpec.Kind.RODATA;
    }
    for (byte b : initialValue) {
      if (b != 0) {
        return MapSpec.Kind.DATA;
      }
    }
    return MapSpec.Kind.BSS;
  }

  /**
   * The variable as a field at offset 0 of its own address, so that loads, stores, atomics and
   * array accesses compile as for a {@code @Struct} field; null for a struct variable.
   */
  public StructField asField() {
    if (model.isStruct()) {
      return null;
    }
    return new StructField(
        model.fieldName(), model.descriptor(), 0, size(), model.atomic(), length);
  }

  @Override
  public byte[] initialValue() {
    return initialValue.clone();
  }
}
