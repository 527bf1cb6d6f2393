package io.bpf4j.it.golden;

import io.bpf4j.object.elf.Elf;
import io.bpf4j.object.elf.ElfFile;
import io.bpf4j.object.elf.ElfReader;
import io.bpf4j.object.elf.Section;
import io.bpf4j.object.elf.Symbol;
import io.bpf4j.object.insn.Disassembler;
import io.bpf4j.object.insn.Relocation;
import io.bpf4j.object.insn.SymbolRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The text of an object's code as the golden files hold it, in the processor's golden format: a
 * header with the total instruction slots, then per code section its functions (start slot and
 * size) and bpf-object's {@link Disassembler} listing with relocations, as {@code llvm-objdump -d
 * -r} prints it.
 */
final class Listing {
  private Listing() {}

  static String of(String name, byte[] object) {
    ElfFile elf = ElfReader.read(object);
    StringBuilder body = new StringBuilder();
    int total = 0;
    for (Section section : elf.sections()) {
      if (section.type() != Elf.SHT_PROGBITS || (section.flags() & Elf.SHF_EXECINSTR) == 0) {
        continue;
      }
      byte[] code = section.data();
      int slots = code.length / 8;
      total += slots;
      body.append("\nDisassembly of section ")
          .append(section.name())
          .append(" (")
          .append(slots)
          .append(" slots):\n");
      elf.symbols().stream()
          .filter(s -> s.sectionIndex() == section.index() && s.type() == Elf.STT_FUNC)
          .sorted(Comparator.comparingLong(Symbol::value))
          .forEach(
              s ->
                  body.append(
                      String.format(
                          Locale.ROOT,
                          "<%s>: slot %d, %d slots%n",
                          s.name(),
                          s.value() / 8,
                          s.size() / 8)));
      List<Relocation> relocations = new ArrayList<>();
      for (io.bpf4j.object.elf.Relocation r : elf.relocationsFor(section.index())) {
        relocations.add(relocation(elf, r));
      }
      body.append(Disassembler.listing(section.name(), code, relocations));
    }
    return "# " + name + ": " + total + " instruction slots\n" + body;
  }

  /** An ELF relocation as the disassembler names it: the symbol, or the section it points into. */
  private static Relocation relocation(ElfFile elf, io.bpf4j.object.elf.Relocation r) {
    Symbol symbol = elf.symbol(r.symbolIndex());
    String target =
        symbol.sectionIndex() > 0 && symbol.sectionIndex() < elf.sections().size()
            ? elf.sections().get(symbol.sectionIndex()).name()
            : "";
    String name =
        symbol.name().isEmpty() && symbol.type() == Elf.STT_SECTION ? target : symbol.name();
    SymbolRef.Kind kind =
        r.type() == Relocation.R_BPF_64_32
            ? SymbolRef.Kind.FUNCTION
            : target.equals(".maps") ? SymbolRef.Kind.MAP : SymbolRef.Kind.DATA;
    return new Relocation((int) r.offset(), name, kind);
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
