package io.bpf4j.object.elf;

import io.bpf4j.object.ObjectFormatException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed eBPF relocatable object: its sections, symbol table and relocations, all checked to be
 * consistent with each other and with the file. Built by {@link ElfReader#read(byte[])}.
 */
public final class ElfFile {
  private final List<Section> sections;
  private final List<Symbol> symbols;
  private final Map<Integer, List<Relocation>> relocations;

  ElfFile(
      List<Section> sections, List<Symbol> symbols, Map<Integer, List<Relocation>> relocations) {
    this.sections = List.copyOf(sections);
    this.symbols = List.copyOf(symbols);
    this.relocations = Map.copyOf(relocations);
  }

  /** All sections in header table order, including the null section at index 0. */
  public List<Section> sections() {
    return sections;
  }

  /**
   * The symbol table in file order, including the null symbol at index 0; empty if the object has
   * no symbol table.
   */
  public List<Symbol> symbols() {
    return symbols;
  }

  /**
   * The first section with the given name.
   *
   * @param name a section name such as {@code ".maps"}
   * @return the section, or empty if there is none
   */
  public Optional<Section> section(String name) {
    for (Section section : sections) {
      if (section.name().equals(name)) {
        return Optional.of(section);
      }
    }
    return Optional.empty();
  }

  /**
   * The symbol at an index, typically one taken from the object's own data.
   *
   * @param index symbol table index
   * @return the symbol
   * @throws ObjectFormatException if the index is outside the symbol table, since such an index can
   *     only come from a corrupt object
   */
  public Symbol symbol(int index) {
    if (index < 0 || index >= symbols.size()) {
      throw new ObjectFormatException(
          "symbol index "
              + index
              + " out of range: symbol table has "
              + symbols.size()
              + " entries");
    }
    return symbols.get(index);
  }

  /**
   * The relocations that patch a section, from every {@code SHT_REL} section whose {@code sh_info}
   * names it, in file order.
   *
   * @param targetSectionIndex index of the patched section
   * @return the relocations, empty if there are none
   */
  public List<Relocation> relocationsFor(int targetSectionIndex) {
    return relocations.getOrDefault(targetSectionIndex, List.of());
  }
}
