package io.bpf4j.processor.ir;

/** An address inside a data section (string constants in {@code .rodata}). */
public record DataAddr(String section, int offset) implements Operand {
  @Override
  public String toString() {
    return section + "+" + offset;
  }
}
