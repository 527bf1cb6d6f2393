package io.bpf4j.object.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
    writeHeader(out, shoff, shnum, shstrndx);
    for (int i = 1; i < shnum; i++) {
      OutputSection s = sections.get(i - 1);
      if (s.type() != Elf.SHT_NOBITS) {
        out.put((int) offsets[i], s.data());
      }
    }
    // Section 0 is the all-zero null header, which the freshly allocated buffer already holds.
    for (int i = 1; i < shnum; i++) {
      OutputSection s = sections.get(i - 1);
      out.position((int) shoff + i * Elf.SHDR_SIZE);
      out.putInt(s.nameOffset());
      out.putInt(s.type());
      out.putLong(s.flags());
      out.putLong(0); // sh_addr: relocatable objects are not placed at an address
      out.putLong(offsets[i]);
      out.putLong(s.data().length);
      out.putInt(s.link());
      out.putInt(s.info());
      out.putLong(s.align());
      out.putLong(s.entsize());
    }
    return out.array();
  }

  private static void writeHeader(ByteBuffer out, long shoff, int shnum, int shstrndx) {
    out.put(new byte[] {0x7f, 'E', 'L', 'F', ELFCLASS64, ELFDATA2LSB, EV_CURRENT});
    // EI_OSABI (System V) and EI_ABIVERSION stay 0, as does the padding up to byte 16.
    out.position(16);
    out.putShort((short) Elf.ET_REL);
    out.putShort((short) Elf.EM_BPF);
    out.putInt(EV_CURRENT);
    out.putLong(0); // e_entry
    out.putLong(0); // e_phoff: no program headers in a relocatable object
    out.putLong(shoff);
    out.putInt(0); // e_flags
    out.putShort((short) Elf.EHDR_SIZE);
    out.putShort((short) 0); // e_phentsize
    out.putShort((short) 0); // e_phnum
    out.putShort((short) Elf.SHDR_SIZE);
    out.putShort((short) shnum);
    out.putShort((short) shstrndx);
  }

  private static long alignUp(long value, long align) {
    if (align <= 1) {
      return value;
    }
    return (value + align - 1) & -align;
  }
}
