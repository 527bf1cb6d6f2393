package io.bpf4j.processor.ir;

/**
 * The address of a subprogram, materialized as {@code ld_imm64} with {@code BPF_PSEUDO_FUNC} and a
 * relocation against {@code .text}: the callback argument of {@code bpf_loop}.
 */
public record FuncAddr(String symbol) implements Operand {
  @Override
  public String toString() {
    return "func:" + symbol;
  }
}
