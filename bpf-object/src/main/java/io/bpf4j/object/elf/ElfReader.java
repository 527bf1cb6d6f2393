package io.bpf4j.object.elf;

import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.bytes.LeReader;
import io.bpf4j.object.bytes.StringTableReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Parses ELF64 little-endian eBPF relocatable objects, such as those clang or {@link ElfWriter}
 * produce.
 *
 * <p>The input is untrusted: every offset, size, count and index is checked against the file before
 * use, and any inconsistency is reported as an {@link ObjectFormatException} saying what is wrong.
 * Memory use stays proportional to the file size whatever the headers claim.
 */
public final class ElfReader {
  private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};
  private static final int ELFCLASS64 = 2;
  private static final int ELFDATA2LSB = 1;

  /** The raw fields of one section header, before names are resolved. */
  private record Shdr(
      long nameOffset,
      int type,
      long flags,
      long addr,
      long offset,
      long size,
      int link,
      int info,
      long align,
      long entsize) {
    boolean hasFileData() {
      return type != Elf.SHT_NOBITS && type != Elf.SHT_NULL;
    }
  }

  private final byte[] file;
  private final Map<Integer, StringTableReader> stringTables = new HashMap<>();
  private List<Shdr> headers;

  private ElfReader(byte[] file) {
    this.file = file;
  }

  /**
   * Parses an eBPF object.
   *
   * @param bytes the object file's contents; copied, so later changes to the array do not matter
   * @return the parsed object
   * @throws ObjectFormatException if the bytes are not a well-formed ELF64 little-endian
   *     relocatable eBPF object
   */
  public static ElfFile read(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new ElfReader(bytes.clone()).parse();
  }

  private ElfFile parse() {
    checkIdentification();
    headers = readSectionHeaders();
    checkSectionData();
    List<Section> sections = nameSections();
    int symtabIndex = findSymbolTable();
    List<Symbol> symbols = symtabIndex < 0 ? List.of() : readSymbols(symtabIndex);
    Map<Integer, List<Relocation>> relocations = readRelocations(sections, symtabIndex, symbols);
    return new ElfFile(sections, symbols, relocations);
  }

  private void checkIdentification() {
    if (file.length < MAGIC.length) {
      throw new ObjectFormatException(
          "not an ELF file: " + file.length + " bytes is too short for the ELF magic");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (file[i] != MAGIC[i]) {
        throw new ObjectFormatException("not an ELF file: bad magic, expected 7f 45 4c 46");
      }
    }
    if (file.length < Elf.EHDR_SIZE) {
      throw new ObjectFormatException(
          "truncated ELF header: file has "
              + file.length
              + " bytes, the header needs "
              + Elf.EHDR_SIZE);
    }
    int elfClass = u8(4);
    if (elfClass != ELFCLASS64) {
      throw new ObjectFormatException(
          "not a 64-bit ELF file: EI_CLASS is "
              + elfClass
              + (elfClass == 1 ? " (32-bit)" : "")
              + ", expected 2 (64-bit)");
    }
    int data = u8(5);
    if (data != ELFDATA2LSB) {
      throw new ObjectFormatException(
          "not a little-endian ELF file: EI_DATA is "
              + data
              + (data == 2 ? " (big-endian)" : "")
              + ", expected 1 (little-endian)");
    }
    int type = u16(16);
    if (type != Elf.ET_REL) {
      throw new ObjectFormatException(
          "not a relocatable object: e_type is "
              + type
              + ElfNames.fileType(type)
              + ", expected 1 (relocatable)");
    }
    int machine = u16(18);
    if (machine != Elf.EM_BPF) {
      throw new ObjectFormatException(
          "not an eBPF object: e_machine is "
              + machine
              + ElfNames.machine(machine)
              + ", expected 247 (BPF)");
    }
  }

  private List<Shdr> readSectionHeaders() {
    long shoff = i64(40);
    int shentsize = u16(58);
    int shnum = u16(60);
    if (shnum == 0) {
      if (shoff != 0) {
        // A count of zero with a table present means the real count is in section 0's sh_size.
        throw new ObjectFormatException(
            "extended section numbering (e_shnum 0 with e_shoff " + shoff + ") is not supported");
      }
      return List.of();
    }
    if (shentsize != Elf.SHDR_SIZE) {
      throw new ObjectFormatException(
          "e_shentsize is " + shentsize + ", expected " + Elf.SHDR_SIZE + " for ELF64");
    }
    long tableSize = (long) shnum * Elf.SHDR_SIZE;
    if (!fits(shoff, tableSize)) {
      throw new ObjectFormatException(
          "section header table ("
              + shnum
              + " entries at offset "
              + Long.toUnsignedString(shoff)
              + ") extends beyond the end of the "
              + file.length
              + "-byte file");
    }
    List<Shdr> result = new ArrayList<>(shnum);
    for (int i = 0; i < shnum; i++) {
      int at = (int) shoff + i * Elf.SHDR_SIZE;
      result.add(
          new Shdr(
              u32(at),
              i32(at + 4),
              i64(at + 8),
              i64(at + 16),
              i64(at + 24),
              i64(at + 32),
              i32(at + 40),
              i32(at + 44),
              i64(at + 48),
              i64(at + 56)));
    }
    return result;
  }

  /** A byte range of the file that belongs to one thing. */
  private record Extent(long start, long end, String what) {}

  /**
   * Checks that every section's contents lie inside the file and that no two of them, the ELF
   * header and the section header table overlap. Besides catching corrupt headers, forbidding
   * overlap bounds the total size of all parsed tables by the file size.
   */
  private void checkSectionData() {
    List<Extent> extents = new ArrayList<>();
    extents.add(new Extent(0, Elf.EHDR_SIZE, "the ELF header"));
    if (!headers.isEmpty()) {
      long shoff = i64(40);
      extents.add(
          new Extent(
              shoff, shoff + (long) headers.size() * Elf.SHDR_SIZE, "the section header table"));
    }
    for (int i = 0; i < headers.size(); i++) {
      Shdr h = headers.get(i);
      if (!h.hasFileData()) {
        continue;
      }
      if (!fits(h.offset(), h.size())) {
        throw new ObjectFormatException(
            "section "
                + i
                + " data (offset "
                + Long.toUnsignedString(h.offset())
                + ", size "
                + Long.toUnsignedString(h.size())
                + ") extends beyond the end of the "
                + file.length
                + "-byte file");
      }
      if (h.size() > 0) {
        extents.add(new Extent(h.offset(), h.offset() + h.size(), "section " + i));
      }
    }
    extents.sort(Comparator.comparingLong(Extent::start));
    for (int k = 1; k < extents.size(); k++) {
      Extent previous = extents.get(k - 1);
      Extent current = extents.get(k);
      if (current.start() < previous.end()) {
        throw new ObjectFormatException(
            previous.what() + " and " + current.what() + " overlap in the file");
      }
    }
  }

  private List<Section> nameSections() {
    int shstrndx = u16(62);
    StringTableReader names = null;
    if (shstrndx != Elf.SHN_UNDEF) {
      if (shstrndx >= headers.size()) {
        throw new ObjectFormatException(
            "e_shstrndx "
                + shstrndx
                + " out of range: the object has "
                + headers.size()
                + " sections");
      }
      names = stringTable(shstrndx, "section header string table");
    }
    List<Section> sections = new ArrayList<>(headers.size());
    for (int i = 0; i < headers.size(); i++) {
      Shdr h = headers.get(i);
      String name = names == null ? "" : names.at(h.nameOffset());
      sections.add(
          new Section(
              i,
              name,
              h.type(),
              h.flags(),
              h.addr(),
              h.offset(),
              h.size(),
              h.link(),
              h.info(),
              h.align(),
              h.entsize(),
              file));
    }
    return sections;
  }

  /** Returns the index of the only SHT_SYMTAB section, or -1 if there is none. */
  private int findSymbolTable() {
    int found = -1;
    for (int i = 0; i < headers.size(); i++) {
      if (headers.get(i).type() == Elf.SHT_SYMTAB) {
        if (found >= 0) {
          throw new ObjectFormatException(
              "more than one symbol table: sections " + found + " and " + i);
        }
        found = i;
      }
    }
    return found;
  }

  private List<Symbol> readSymbols(int symtabIndex) {
    Shdr symtab = headers.get(symtabIndex);
    checkTable(symtabIndex, symtab, Elf.SYM_SIZE, "symbol table");
    int link = symtab.link();
    if (link <= 0 || link >= headers.size()) {
      throw new ObjectFormatException(
          "symbol table's sh_link "
              + Integer.toUnsignedString(link)
              + " is not a section index: the object has "
              + headers.size()
              + " sections");
    }
    StringTableReader names = stringTable(link, "symbol string table");
    int count = (int) (symtab.size() / Elf.SYM_SIZE);
    List<Symbol> symbols = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int at = (int) symtab.offset() + i * Elf.SYM_SIZE;
      String name = names.at(u32(at));
      int info = u8(at + 4);
      int other = u8(at + 5);
      int shndx = u16(at + 6);
      if (shndx >= headers.size() && shndx != Elf.SHN_ABS && shndx != Elf.SHN_COMMON) {
        throw new ObjectFormatException(
            "symbol "
                + i
                + " ("
                + name
                + ") has section index "
                + shndx
                + ", but the object has "
                + headers.size()
                + " sections");
      }
      symbols.add(
          new Symbol(
              i, name, i64(at + 8), i64(at + 16), info & 0xf, info >>> 4, other & 0x3, shndx));
    }
    return symbols;
  }

  private Map<Integer, List<Relocation>> readRelocations(
      List<Section> sections, int symtabIndex, List<Symbol> symbols) {
    Map<Integer, List<Relocation>> byTarget = new TreeMap<>();
    for (int i = 0; i < headers.size(); i++) {
      Shdr h = headers.get(i);
      String name = sections.get(i).name();
      if (h.type() == Elf.SHT_RELA) {
        throw new ObjectFormatException(
            "section "
                + i
                + " ("
                + name
                + ") is SHT_RELA, which BPF objects do not use: expected SHT_REL");
      }
      if (h.type() != Elf.SHT_REL) {
        continue;
      }
      checkTable(i, h, Elf.REL_SIZE, "relocation section " + name);
      if (symtabIndex < 0 || h.link() != symtabIndex) {
        throw new ObjectFormatException(
            "relocation section "
                + name
                + " has sh_link "
                + Integer.toUnsignedString(h.link())
                + ", expected the symbol table's index "
                + symtabIndex);
      }
      int target = h.info();
      if (target <= 0 || target >= headers.size()) {
        throw new ObjectFormatException(
            "relocation section "
                + name
                + " targets section "
                + Integer.toUnsignedString(target)
                + ", but the object has "
                + headers.size()
                + " sections");
      }
      long targetSize = headers.get(target).size();
      int count = (int) (h.size() / Elf.REL_SIZE);
      List<Relocation> list = byTarget.computeIfAbsent(target, t -> new ArrayList<>());
      for (int k = 0; k < count; k++) {
        int at = (int) h.offset() + k * Elf.REL_SIZE;
        long offset = i64(at);
        long info = i64(at + 8);
        long symbol = info >>> 32;
        if (symbol >= symbols.size()) {
          throw new ObjectFormatException(
              "relocation "
                  + k
                  + " in "
                  + name
                  + " refers to symbol "
                  + symbol
                  + ", but the symbol table has "
                  + symbols.size()
                  + " entries");
        }
        if (Long.compareUnsigned(offset, targetSize) >= 0) {
          throw new ObjectFormatException(
              "relocation "
                  + k
                  + " in "
                  + name
                  + " patches offset "
                  + Long.toUnsignedString(offset)
                  + ", outside its "
                  + Long.toUnsignedString(targetSize)
                  + "-byte target section "
                  + target);
        }
        list.add(new Relocation(offset, (int) symbol, (int) info));
      }
    }
    Map<Integer, List<Relocation>> result = new TreeMap<>();
    byTarget.forEach((target, list) -> result.put(target, List.copyOf(list)));
    return result;
  }

  /** Checks a table section's entry size and that it holds a whole number of entries. */
  private static void checkTable(int index, Shdr h, int entrySize, String what) {
    if (h.entsize() != entrySize) {
      throw new ObjectFormatException(
          what
              + " (section "
              + index
              + ") has sh_entsize "
              + Long.toUnsignedString(h.entsize())
              + ", expected "
              + entrySize);
    }
    if (h.size() % entrySize != 0) {
      throw new ObjectFormatException(
          what
              + " (section "
              + index
              + ") size "
              + h.size()
              + " is not a multiple of its entry size "
              + entrySize);
    }
  }

  /** One reader per string table section, shared so that its cache and budget are shared. */
  private StringTableReader stringTable(int index, String what) {
    StringTableReader table = stringTables.get(index);
    if (table != null) {
      return table;
    }
    Shdr h = headers.get(index);
    if (h.type() != Elf.SHT_STRTAB) {
      throw new ObjectFormatException(
          what + " (section " + index + ") has type " + h.type() + ", expected SHT_STRTAB (3)");
    }
    table = StringTableReader.budgeted(file, (int) h.offset(), (int) h.size(), what);
    stringTables.put(index, table);
    return table;
  }

  /** Whether {@code size} bytes at {@code offset}, both unsigned, lie inside the file. */
  private boolean fits(long offset, long size) {
    return offset >= 0 && size >= 0 && offset <= file.length && size <= file.length - offset;
  }

  private int u8(int at) {
    return LeReader.u8At(file, at);
  }

  private int u16(int at) {
    return LeReader.u16At(file, at);
  }

  private int i32(int at) {
    return LeReader.i32At(file, at);
  }

  private long u32(int at) {
    return LeReader.u32At(file, at);
  }

  private long i64(int at) {
    return LeReader.i64At(file, at);
  }
}
