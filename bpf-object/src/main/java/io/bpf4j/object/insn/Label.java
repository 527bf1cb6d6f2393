package io.bpf4j.object.insn;

/**
 * A symbolic jump target. Labels stay symbolic in {@link Instruction}s and become instruction
 * offsets only when the {@link Encoder} lays the code out.
 */
public record Label(String name) {
  @Override
  public String toString() {
    return name;
  }
}
