package io.bpf4j.object.elf;

import java.util.Arrays;

/**
 * One section of an object read by {@link ElfReader}: its header fields and its contents.
 *
 * <p>Not a record: the contents are copied out of the file only when asked for, so that a file
 * whose headers claim many large sections cannot make the reader allocate more than the file's own
 * size.
 */
public final class Section {
  private final int index;
  private final String name;
  private final int type;
  private final long flags;
  private final long addr;
  private final long offset;
  private final long size;
  private final int link;
  private final int info;
  private final long align;
  private final long entsize;
  private final byte[] file;

  Section(
      int index,
      String name,
      int type,
      long flags,
      long addr,
      long offset,
      long size,
      int link,
      int info,
      long align,
      long entsize,
      byte[] file) {
    this.index = index;
    this.name = name;
    this.type = type;
    this.flags = flags;
    this.addr = addr;
    this.offset = offset;
    this.size = size;
    this.link = link;
    this.info = info;
    this.align = align;
    this.entsize = entsize;
    this.file = file;
  }

  /** Position in the section header table; symbols and relocations refer to it. */
  public int index() {
    return index;
  }

  /** The section's name from the section header string table. */
  public String name() {
    return name;
  }

  /** {@code sh_type}, such as {@link Elf#SHT_PROGBITS}. */
  public int type() {
    return type;
  }

  /** {@code sh_flags}: a combination of {@code SHF_*} bits. */
  public long flags() {
    return flags;
  }

  /** {@code sh_addr}; zero in relocatable objects. */
  public long addr() {
    return addr;
  }

  /** {@code sh_offset}: where the contents start in the file. */
  public long offset() {
    return offset;
  }

  /** {@code sh_size}: size in bytes; for {@link Elf#SHT_NOBITS} the size in memory only. */
  public long size() {
    return size;
  }

  /** {@code sh_link}: a related section's index, such as a symbol table's string table. */
  public int link() {
    return link;
  }

  /** {@code sh_info}: for relocation sections, the index of the section they patch. */
  public int info() {
    return info;
  }

  /** {@code sh_addralign}: required alignment, 0 or 1 for none. */
  public long align() {
    return align;
  }

  /** {@code sh_entsize}: size of one entry for tables, otherwise 0. */
  public long entsize() {
    return entsize;
  }

  /**
   * Returns a copy of the section's contents; empty for sections that occupy no file space ({@link
   * Elf#SHT_NOBITS} and {@link Elf#SHT_NULL}).
   */
  public byte[] data() {
    if (!hasFileData()) {
      return new byte[0];
    }
    return Arrays.copyOfRange(file, (int) offset, (int) (offset + size));
  }

  /** Whether the contents are stored in the file, so that offset and size must lie inside it. */
  boolean hasFileData() {
    return type != Elf.SHT_NOBITS && type != Elf.SHT_NULL;
  }

  @Override
  public String toString() {
    return "Section[" + index + " " + name + " type=" + type + " size=" + size + "]";
  }
}
