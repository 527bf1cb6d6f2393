package io.bpf4j.object.elf;

import io.bpf4j.object.bytes.LeWriter;
import java.util.List;

/**
 * Lays out finished sections into ELF64 little-endian relocatable file bytes: the header, then each
 * section's contents at its requested alignment in index order, then the section header table.
 * Nothing here depends on time or environment, so equal input gives equal bytes.
 */
final class ElfImage {
  private static final int EV_CURRENT = 1;
  private static final int ELFCLASS64 = 2;
  private static final int ELFDATA2LSB = 1;

  /** A section ready for output; index 0 (the null section) is not among them. */
  record OutputSection(
      int nameOffset,
      int type,
      long flags,
      byte[] data,
      long align,
      long entsize,
      int link,
      int info) {}

  private ElfImage() {}

  /**
   * Encodes the file.
   *
   * @param sections sections 1..n in index order
   * @param shstrndx index of the section holding the section names
   */
  static byte[] encode(List<OutputSection> sections, int shstrndx) {
    int shnum = sections.size() + 1;
    long[] offsets = new long[shnum];
    long position = Elf.EHDR_SIZE;
    for (int i = 1; i < shnum; i++) {
      OutputSection s = sections.get(i - 1);
      position = alignUp(position, s.align());
      offsets[i] = position;
      if (s.type() != Elf.SHT_NOBITS) {
        position += s.data().length;
      }
    }
    long shoff = alignUp(position, 8);
    long total = shoff + (long) shnum * Elf.SHDR_SIZE;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("object of " + total + " bytes is too large to write");
    }

    LeWriter out = new LeWriter((int) total);
    writeHeader(out, shoff, shnum, shstrndx);
    for (int i = 1; i < shnum; i++) {
      OutputSection s = sections.get(i - 1);
      if (s.type() != Elf.SHT_NOBITS) {
        out.zerosTo(offsets[i]);
        out.bytes(s.data());
      }
    }
    // Section 0 is the all-zero null header.
    out.zerosTo(shoff + Elf.SHDR_SIZE);
    for (int i = 1; i < shnum; i++) {
      OutputSection s = sections.get(i - 1);
      out.u32(s.nameOffset());
      out.u32(s.type());
      out.u64(s.flags());
      out.u64(0); // sh_addr: relocatable objects are not placed at an address
      out.u64(offsets[i]);
      out.u64(s.data().length);
      out.u32(s.link());
      out.u32(s.info());
      out.u64(s.align());
      out.u64(s.entsize());
    }
    return out.toByteArray();
  }

  private static void writeHeader(LeWriter out, long shoff, int shnum, int shstrndx) {
    out.bytes(new byte[] {0x7f, 'E', 'L', 'F', ELFCLASS64, ELFDATA2LSB, EV_CURRENT});
    // EI_OSABI (System V) and EI_ABIVERSION stay 0, as does the padding up to byte 16.
    out.zerosTo(16);
    out.u16(Elf.ET_REL);
    out.u16(Elf.EM_BPF);
    out.u32(EV_CURRENT);
    out.u64(0); // e_entry
    out.u64(0); // e_phoff: no program headers in a relocatable object
    out.u64(shoff);
    out.u32(0); // e_flags
    out.u16(Elf.EHDR_SIZE);
    out.u16(0); // e_phentsize
    out.u16(0); // e_phnum
    out.u16(Elf.SHDR_SIZE);
    out.u16(shnum);
    out.u16(shstrndx);
  }

  private static long alignUp(long value, long align) {
    if (align <= 1) {
      return value;
    }
    return (value + align - 1) & -align;
  }
}
