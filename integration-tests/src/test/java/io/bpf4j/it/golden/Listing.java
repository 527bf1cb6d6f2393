package io.bpf4j.it.golden;

import io.bpf4j.object.insn.Disassembler;
import java.util.List;

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

  /**
   * Where two listings first differ, with a few lines of each around it: enough to see the change
   * in a test failure; the whole new listing is one bless away.
   */
  static String firstDifference(String expected, String actual) {
    List<String> a = expected.lines().toList();
    List<String> b = actual.lines().toList();
    int at = 0;
    while (at < a.size() && at < b.size() && a.get(at).equals(b.get(at))) {
      at++;
    }
    int from = Math.max(0, at - 3);
    StringBuilder sb = new StringBuilder();
    sb.append("first difference at line ").append(at + 1).append(":\n--- golden\n");
    for (int i = from; i < Math.min(a.size(), at + 6); i++) {
      sb.append(i == at ? "> " : "  ").append(a.get(i)).append('\n');
    }
    sb.append("+++ actual\n");
    for (int i = from; i < Math.min(b.size(), at + 6); i++) {
      sb.append(i == at ? "> " : "  ").append(b.get(i)).append('\n');
    }
    return sb.toString();
  }
}
