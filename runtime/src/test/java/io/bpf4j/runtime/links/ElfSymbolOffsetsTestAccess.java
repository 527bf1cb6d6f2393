package io.bpf4j.runtime.links;

/** The small ELF of {@link ElfSymbolOffsetsTest}, for tests in other packages. */
public final class ElfSymbolOffsetsTestAccess {
  private ElfSymbolOffsetsTestAccess() {}

  public static byte[] smallElf() {
    return ElfSymbolOffsetsTest.smallElf();
  }
}
