package io.bpf4j.processor.ir;

/** A map reference, materialized as {@code ld_imm64} with a relocation against the map symbol. */
public record MapAddr(String mapName) implements Operand {
  @Override
  public String toString() {
    return "map:" + mapName;
  }
}
