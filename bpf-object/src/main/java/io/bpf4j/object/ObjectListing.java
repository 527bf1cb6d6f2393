package io.bpf4j.object;

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
 * The text listing of an object file used by golden tests: a header with the total instruction slot
 * count, then for each code section its functions (slot and size) and the body as {@code
 * llvm-objdump -d -r} prints it, relocations included.
 */
public final class ObjectListing {
  private ObjectListing() {}

  /** The listing of {@code object}, headed by {@code name}. */
  public static String of(String name, byte[] object) {
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
    body.append(CoreRelocationListing.of(elf));
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
            : target.equals(".maps")
                ? SymbolRef.Kind.MAP
                : target.equals(".text") ? SymbolRef.Kind.FUNCTION_ADDRESS : SymbolRef.Kind.DATA;
    return new Relocation((int) r.offset(), name, kind);
  }
}
