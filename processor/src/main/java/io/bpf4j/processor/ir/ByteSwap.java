package io.bpf4j.processor.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code dst = be<bits>(dst)}: host (little-endian) to network byte order of the low {@code bits}
 * bits, zero-extending the rest; Java's {@code Bpf.htons} / {@code htonl}.
 */
public final class ByteSwap extends Insn {
  private final int bits;
  private Reg dst;

  public ByteSwap(Reg dst, int bits, int line) {
    super(line);
    this.dst = dst;
    this.bits = bits;
  }

  public Reg dst() {
    return dst;
  }

  public int bits() {
    return bits;
  }

  @Override
  public List<Reg> uses() {
    return List.of(dst);
  }

  @Override
  public List<Reg> defs() {
    return List.of(dst);
  }

  @Override
  public void mapDefs(UnaryOperator<Reg> f) {
    dst = f.apply(dst);
  }

  @Override
  public String toString() {
    return dst + " = be" + bits + " " + dst;
  }

  @Override
  public ByteSwap copy() {
    return new ByteSwap(dst, bits, line());
  }
}
