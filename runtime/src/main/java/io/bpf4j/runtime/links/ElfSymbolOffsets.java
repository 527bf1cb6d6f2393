package io.bpf4j.runtime.links;

import io.bpf4j.runtime.BpfException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file offset of a function in an executable or shared library, which is what a uprobe is
 * placed by (Documentation/trace/uprobetracer.rst), found as libbpf finds it: the symbol in {@code
 * .symtab}, else in {@code .dynsym} (a stripped library keeps only that), a function ({@code
 * STT_FUNC} or {@code STT_GNU_IFUNC}) defined in the file; its value is a virtual address (absolute
 * in an executable, relative in a shared library), turned into a file offset through the section
 * that contains it: {@code st_value - sh_addr + sh_offset}. A versioned name ({@code
 * malloc@@GLIBC_2.2.5}) matches its base name. ELF64 little-endian only (x86-64, arm64).
 */
public final class ElfSymbolOffsets {
  static final int SHT_SYMTAB = 2;
  static final int SHT_DYNSYM = 11;
  static final int STT_FUNC = 2;
  static final int STT_GNU_IFUNC = 10;
  static final int STB_GLOBAL = 1;
  static final int STB_WEAK = 2;

  private ElfSymbolOffsets() {}

  /** The file offset of function {@code symbol} in {@code binary}. */
  public static long offset(Path binary, String symbol) {
    ByteBuffer elf;
    try (FileChannel ch = FileChannel.open(binary, StandardOpenOption.READ)) {
      elf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new BpfException(0, "cannot read " + binary + " to find " + symbol + ": " + e, e);
    }
    try {
      return offset(elf, symbol, binary.toString());
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new BpfException(0, binary + " is not a well-formed ELF file: " + e.getMessage(), e);
    }
  }

  /** The same, over the bytes of an ELF file; {@code name} names it in messages. */
  static long offset(ByteBuffer elf, String symbol, String name) {
    if (elf.limit() < 64 || elf.getInt(0) != 0x464c457f) {
      throw new BpfException(0, name + " is not an ELF file");
    }
    if (elf.get(4) != 2 || elf.get(5) != 1) {
      throw new BpfException(0, name + " is not a 64-bit little-endian ELF file");
    }
    long shoff = elf.getLong(0x28);
    int shentsize = Short.toUnsignedInt(elf.getShort(0x3a));
    int shnum = Short.toUnsignedInt(elf.getShort(0x3c));
    Section[] sections = new Section[shnum];
    for (int i = 0; i < shnum; i++) {
      int at = Math.toIntExact(shoff + (long) i * shentsize);
      sections[i] =
          new Section(
              elf.getInt(at + 4),
              elf.getLong(at + 16),
              elf.getLong(at + 24),
              elf.getLong(at + 32),
              elf.getInt(at + 40),
              elf.getLong(at + 56));
    }
    for (int wanted : new int[] {SHT_SYMTAB, SHT_DYNSYM}) {
      Found found = null;
      for (Section s : sections) {
        if (s.type() == wanted) {
          found = search(elf, sections, s, symbol, name, found);
        }
      }
      if (found != null) {
        Section home = sections[found.sectionIndex()];
        return found.value() - home.addr() + home.offset();
      }
    }
    throw new BpfException(
        0,
        name
            + " defines no function "
            + symbol
            + " (in .symtab or .dynsym); list its functions with: nm -D --defined-only "
            + name);
  }

  private record Section(int type, long addr, long offset, long size, int link, long entsize) {}

  private record Found(long value, int sectionIndex, int bind) {}

  private static Found search(
      ByteBuffer elf, Section[] sections, Section table, String symbol, String name, Found best) {
    Section strings = sections[table.link()];
    long entsize = table.entsize() == 0 ? 24 : table.entsize();
    byte[] wanted = symbol.getBytes(StandardCharsets.UTF_8);
    for (long at = table.offset(); at + 24 <= table.offset() + table.size(); at += entsize) {
      int i = Math.toIntExact(at);
      int info = Byte.toUnsignedInt(elf.get(i + 4));
      int type = info & 0xf;
      int bind = info >>> 4;
      int shndx = Short.toUnsignedInt(elf.getShort(i + 6));
      long value = elf.getLong(i + 8);
      // Undefined (0) and special (0xff00 and up: ABS, COMMON) indexes are not code in this file.
      if ((type != STT_FUNC && type != STT_GNU_IFUNC)
          || shndx == 0
          || shndx >= 0xff00
          || shndx >= sections.length
          || !nameMatches(elf, Math.toIntExact(strings.offset() + elf.getInt(i)), wanted)) {
        continue;
      }
      Found found = new Found(value, shndx, bind);
      if (best == null || best.value() == value) {
        best = best == null ? found : best;
      } else if (best.bind() == STB_WEAK && bind == STB_GLOBAL) {
        best = found;
      } else if (!(bind == STB_WEAK && best.bind() == STB_GLOBAL)) {
        throw new BpfException(
            0,
            name
                + " defines function "
                + symbol
                + " twice, at 0x"
                + Long.toHexString(best.value())
                + " and 0x"
                + Long.toHexString(value)
                + "; attach by offset instead (section uprobe/<path>:<symbol>+<offset>)");
      }
    }
    return best;
  }

  /** Whether the NUL-terminated name at {@code at} is {@code wanted}, or {@code wanted@version}. */
  private static boolean nameMatches(ByteBuffer elf, int at, byte[] wanted) {
    for (int i = 0; i < wanted.length; i++) {
      if (elf.get(at + i) != wanted[i]) {
        return false;
      }
    }
    byte next = elf.get(at + wanted.length);
    return next == 0 || next == '@';
  }
}
