package io.bpf4j.it.golden;

import io.bpf4j.object.insn.Disassembler;

/**
 * The text of an object's code as the golden files hold it, in the processor's golden format: a
 * header with the total instruction slots, then per code section its functions (start slot and
 * size) and bpf-object's {@link Disassembler} listing with relocations, as {@code llvm-objdump -d
 * -r} prints it.
 */
final class Listing {
  private Listing() {}

  static String of(String name, byte[] object) {
    return io.bpf4j.object.ObjectListing.of(name, object);
  }
}
