package io.bpf4j.object.elf;

import io.bpf4j.object.bytes.LeWriter;
import io.bpf4j.object.bytes.StringTableWriter;
import io.bpf4j.object.elf.ElfImage.OutputSection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds an ELF64 little-endian relocatable eBPF object, laid out the way clang lays out {@code
 * -target bpf} output so that libbpf, bpftool and the LLVM tools accept it.
 *
 * <p>Sections added by the caller get indices 1, 2, ... in call order. On {@link #write()} the
 * writer appends one {@code .rel<name>} section per section that has relocations (in target index
 * order), then {@code .symtab}, then {@code .strtab}, which holds both section and symbol names as
 * in clang's output. Output is deterministic: the same calls always give the same bytes.
 *
 * <p>Misuse (bad indices, foreign handles, names containing NUL) throws {@link
 * IllegalArgumentException}, and exceeding ELF's limits (too many sections, over 2 GiB) throws
 * {@link IllegalStateException}: these are programming errors, not bad input.
 */
public final class ElfWriter {
  private record PendingSection(
      String name, int type, long flags, byte[] data, long align, long entsize) {}

  private record PendingSymbol(
      String name, int sectionIndex, long value, long size, int type, int bind) {}

  private record PendingRelocation(long offset, SymbolHandle symbol, int type) {}

  private static final Set<String> RESERVED_NAMES = Set.of(".symtab", ".strtab");

  private final List<PendingSection> sections = new ArrayList<>();
  private final Set<String> sectionNames = new HashSet<>();
  private final List<PendingSymbol> symbols = new ArrayList<>();
  private final Map<Integer, SymbolHandle> sectionSymbols = new HashMap<>();
  private final Map<Integer, List<PendingRelocation>> relocations = new TreeMap<>();

  /** Creates a writer with no sections or symbols yet. */
  public ElfWriter() {}

  /**
   * Adds a section.
   *
   * @param name section name, such as {@code ".text"} or {@code "socket"}; unique in the object
   * @param type {@code SHT_*}; symbol, string and relocation tables are made by the writer
   * @param flags {@code SHF_*} bits
   * @param data the contents (copied); for {@link Elf#SHT_NOBITS} only the length matters
   * @param align required alignment of the contents in the file: 0, 1 or a power of two
   * @param entsize entry size for sections holding a table of fixed-size entries, else 0
   * @return the section's index
   */
  public int addSection(String name, int type, long flags, byte[] data, long align, long entsize) {
    checkName(name);
    Objects.requireNonNull(data, "data");
    if (type == Elf.SHT_NULL
        || type == Elf.SHT_SYMTAB
        || type == Elf.SHT_STRTAB
        || type == Elf.SHT_REL
        || type == Elf.SHT_RELA) {
      throw new IllegalArgumentException(
          "section type "
              + type
              + " is reserved: the writer makes null, symbol, string and"
              + " relocation sections itself");
    }
    if (align < 0 || (align & (align - 1)) != 0) {
      throw new IllegalArgumentException("alignment " + align + " is not 0 or a power of two");
    }
    if (entsize < 0) {
      throw new IllegalArgumentException("negative entry size " + entsize);
    }
    // Leave room for .symtab, .strtab and the relocation sections below the reserved range.
    if (sections.size() + 1 >= Elf.SHN_LORESERVE / 2) {
      throw new IllegalStateException("too many sections");
    }
    if (RESERVED_NAMES.contains(name) || !sectionNames.add(name)) {
      throw new IllegalArgumentException("duplicate or reserved section name " + name);
    }
    sections.add(new PendingSection(name, type, flags, data.clone(), align, entsize));
    return sections.size();
  }

  /**
   * Adds a symbol with default visibility.
   *
   * @param name symbol name, such as a map or program name
   * @param sectionIndex a section index returned by {@link #addSection}, or {@link Elf#SHN_UNDEF},
   *     {@link Elf#SHN_ABS} or {@link Elf#SHN_COMMON}
   * @param value offset in the section
   * @param size size in bytes of the function or object
   * @param type {@code STT_*}
   * @param bind {@link Elf#STB_LOCAL}, {@link Elf#STB_GLOBAL} or {@link Elf#STB_WEAK}
   * @return a handle for relocations
   */
  public SymbolHandle addSymbol(
      String name, int sectionIndex, long value, long size, int type, int bind) {
    checkName(name);
    if (sectionIndex != Elf.SHN_UNDEF
        && sectionIndex != Elf.SHN_ABS
        && sectionIndex != Elf.SHN_COMMON) {
      checkSection(sectionIndex);
    }
    if (type < 0 || type > 0xf) {
      throw new IllegalArgumentException("symbol type " + type + " does not fit in 4 bits");
    }
    if (bind != Elf.STB_LOCAL && bind != Elf.STB_GLOBAL && bind != Elf.STB_WEAK) {
      throw new IllegalArgumentException("unknown symbol binding " + bind);
    }
    return newSymbol(new PendingSymbol(name, sectionIndex, value, size, type, bind));
  }

  /**
   * Returns the section symbol ({@link Elf#STT_SECTION}, local, empty name) of a section, creating
   * it on first use. Relocations against it address the section's start, as clang does for {@code
   * .rodata} and calls into {@code .text}.
   *
   * @param sectionIndex a section index returned by {@link #addSection}
   * @return the same handle for every call with that section
   */
  public SymbolHandle sectionSymbol(int sectionIndex) {
    checkSection(sectionIndex);
    SymbolHandle known = sectionSymbols.get(sectionIndex);
    if (known != null) {
      return known;
    }
    SymbolHandle handle =
        newSymbol(new PendingSymbol("", sectionIndex, 0, 0, Elf.STT_SECTION, Elf.STB_LOCAL));
    sectionSymbols.put(sectionIndex, handle);
    return handle;
  }

  /**
   * Adds an {@link Elf#STT_FILE} symbol naming the source file; it is placed before the other local
   * symbols, as the ELF specification requires.
   *
   * @param name source file name
   * @return a handle (rarely needed)
   */
  public SymbolHandle addFileSymbol(String name) {
    checkName(name);
    return newSymbol(new PendingSymbol(name, Elf.SHN_ABS, 0, 0, Elf.STT_FILE, Elf.STB_LOCAL));
  }

  /**
   * Records a relocation. Relocations of one section are written in call order.
   *
   * @param targetSectionIndex the section holding the instruction or field to patch
   * @param offset byte offset of that instruction or field in the section
   * @param symbol the symbol whose address is patched in
   * @param type {@code R_BPF_*}, such as {@link Elf#R_BPF_64_64}
   */
  public void addRelocation(int targetSectionIndex, long offset, SymbolHandle symbol, int type) {
    checkSection(targetSectionIndex);
    PendingSection target = sections.get(targetSectionIndex - 1);
    if (target.type() == Elf.SHT_NOBITS) {
      throw new IllegalArgumentException("cannot relocate SHT_NOBITS section " + target.name());
    }
    if (offset < 0 || offset >= target.data().length) {
      throw new IllegalArgumentException(
          "offset "
              + offset
              + " outside section "
              + target.name()
              + " of "
              + target.data().length
              + " bytes");
    }
    Objects.requireNonNull(symbol, "symbol");
    if (symbol.owner != this) {
      throw new IllegalArgumentException("symbol " + symbol + " belongs to another writer");
    }
    if (type < 0) {
      throw new IllegalArgumentException("negative relocation type " + type);
    }
    relocations
        .computeIfAbsent(targetSectionIndex, t -> new ArrayList<>())
        .add(new PendingRelocation(offset, symbol, type));
  }

  /**
   * Produces the object file. The writer is not changed, so it may be called again.
   *
   * @return the ELF bytes
   */
  public byte[] write() {
    int[] symbolIndex = new int[symbols.size()];
    List<Integer> order = symbolOrder();
    for (int i = 0; i < order.size(); i++) {
      symbolIndex[order.get(i)] = i + 1; // index 0 is the null symbol
    }
    int firstGlobal = 1 + countLocals();

    StringTableWriter strings = new StringTableWriter("ELF name");
    List<OutputSection> out = new ArrayList<>();
    for (PendingSection s : sections) {
      out.add(
          new OutputSection(
              strings.add(s.name()), s.type(), s.flags(), s.data(), s.align(), s.entsize(), 0, 0));
    }
    int symtabIndex = sections.size() + relocations.size() + 1;
    int strtabIndex = symtabIndex + 1;
    for (Map.Entry<Integer, List<PendingRelocation>> e : relocations.entrySet()) {
      String name = ".rel" + sections.get(e.getKey() - 1).name();
      if (sectionNames.contains(name)) {
        throw new IllegalStateException("relocation section name " + name + " is already taken");
      }
      out.add(
          new OutputSection(
              strings.add(name),
              Elf.SHT_REL,
              Elf.SHF_INFO_LINK,
              relocationBytes(e.getValue(), symbolIndex),
              8,
              Elf.REL_SIZE,
              symtabIndex,
              e.getKey()));
    }
    int symtabName = strings.add(".symtab");
    int strtabName = strings.add(".strtab");
    byte[] symtab = symbolBytes(order, strings);
    out.add(
        new OutputSection(
            symtabName, Elf.SHT_SYMTAB, 0, symtab, 8, Elf.SYM_SIZE, strtabIndex, firstGlobal));
    out.add(new OutputSection(strtabName, Elf.SHT_STRTAB, 0, strings.toByteArray(), 1, 0, 0, 0));
    return ElfImage.encode(out, strtabIndex);
  }

  /** Symbol ids in output order: file symbols, other locals, then globals, each in call order. */
  private List<Integer> symbolOrder() {
    List<Integer> files = new ArrayList<>();
    List<Integer> locals = new ArrayList<>();
    List<Integer> globals = new ArrayList<>();
    for (int id = 0; id < symbols.size(); id++) {
      PendingSymbol s = symbols.get(id);
      if (s.bind() != Elf.STB_LOCAL) {
        globals.add(id);
      } else if (s.type() == Elf.STT_FILE) {
        files.add(id);
      } else {
        locals.add(id);
      }
    }
    List<Integer> order = new ArrayList<>(files);
    order.addAll(locals);
    order.addAll(globals);
    return order;
  }

  private int countLocals() {
    int n = 0;
    for (PendingSymbol s : symbols) {
      if (s.bind() == Elf.STB_LOCAL) {
        n++;
      }
    }
    return n;
  }

  private byte[] symbolBytes(List<Integer> order, StringTableWriter strings) {
    LeWriter out = new LeWriter((order.size() + 1) * Elf.SYM_SIZE);
    out.zerosTo(Elf.SYM_SIZE); // the null symbol is all zeros
    for (int id : order) {
      PendingSymbol s = symbols.get(id);
      out.u32(strings.add(s.name()));
      out.u8(Elf.symInfo(s.bind(), s.type()));
      out.u8(Elf.STV_DEFAULT);
      out.u16(s.sectionIndex());
      out.u64(s.value());
      out.u64(s.size());
    }
    return out.toByteArray();
  }

  private static byte[] relocationBytes(List<PendingRelocation> list, int[] symbolIndex) {
    LeWriter out = new LeWriter(list.size() * Elf.REL_SIZE);
    for (PendingRelocation r : list) {
      out.u64(r.offset());
      out.u64(Elf.relInfo(symbolIndex[r.symbol().id], r.type()));
    }
    return out.toByteArray();
  }

  private SymbolHandle newSymbol(PendingSymbol symbol) {
    SymbolHandle handle = new SymbolHandle(this, symbols.size(), symbol.name());
    symbols.add(symbol);
    return handle;
  }

  private void checkSection(int index) {
    if (index < 1 || index > sections.size()) {
      throw new IllegalArgumentException(
          "section index "
              + index
              + " was not returned by addSection (have "
              + sections.size()
              + " sections)");
    }
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("name contains NUL: " + name);
    }
  }
}
