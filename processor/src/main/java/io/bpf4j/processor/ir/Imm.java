package io.bpf4j.processor.ir;

/** A constant. Values outside the signed 32-bit range are materialized with {@code ld_imm64}. */
public record Imm(long value) implements Operand {
  public boolean fitsInt32() {
    return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
