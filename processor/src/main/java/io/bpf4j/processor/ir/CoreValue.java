package io.bpf4j.processor.ir;

/**
 * An immediate the loader relocates ({@code mov r, imm} with a CO-RE record): not a constant to the
 * optimizer, which neither folds nor propagates it.
 */
public record CoreValue(CoreAccess access) implements Operand {
  @Override
  public String toString() {
    return "core<" + access + " = " + access.localValue() + ">";
  }
}
