package io.bpf4j.object.elf;

/**
 * A symbol added to an {@link ElfWriter}, used to make relocations refer to it.
 *
 * <p>A handle is not a symbol table index: the writer places all local symbols before the global
 * ones, as ELF requires, so final indices are only known when the object is written.
 */
public final class SymbolHandle {
  final ElfWriter owner;
  final int id;
  private final String name;

  SymbolHandle(ElfWriter owner, int id, String name) {
    this.owner = owner;
    this.id = id;
    this.name = name;
  }

  /** The symbol's name; empty for section symbols. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "SymbolHandle[" + id + " " + name + "]";
  }
}
