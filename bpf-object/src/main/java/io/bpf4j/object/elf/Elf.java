package io.bpf4j.object.elf;

/**
 * ELF constants used by eBPF objects: the subset of the System V ABI (and the LLVM BPF backend's
 * relocation types) that clang emits and libbpf reads. Values are the on-disk encodings.
 */
public final class Elf {
  private Elf() {}

  /** {@code e_type}: relocatable object, the only kind of file BPF loaders accept. */
  public static final int ET_REL = 1;

  /** {@code e_machine}: the Linux eBPF virtual machine. */
  public static final int EM_BPF = 247;

  /** Size of the ELF64 file header. */
  public static final int EHDR_SIZE = 64;

  /** Size of one ELF64 section header. */
  public static final int SHDR_SIZE = 64;

  /** Size of one ELF64 symbol table entry. */
  public static final int SYM_SIZE = 24;

  /** Size of one ELF64 {@code Elf64_Rel} entry (no addend). */
  public static final int REL_SIZE = 16;

  /** Size of one ELF64 {@code Elf64_Rela} entry (with addend). */
  public static final int RELA_SIZE = 24;

  // Section types (sh_type).

  /** Inactive section header, used for index 0. */
  public static final int SHT_NULL = 0;

  /** Data defined by the program: code, maps, BTF, ... */
  public static final int SHT_PROGBITS = 1;

  /** Symbol table. */
  public static final int SHT_SYMTAB = 2;

  /** String table. */
  public static final int SHT_STRTAB = 3;

  /** Relocations with explicit addends (not used by BPF). */
  public static final int SHT_RELA = 4;

  /** Zero-initialised data occupying no file space, such as {@code .bss}. */
  public static final int SHT_NOBITS = 8;

  /** Relocations whose addend is stored in the relocated field. */
  public static final int SHT_REL = 9;

  // Section flags (sh_flags).

  /** Writable at run time. */
  public static final long SHF_WRITE = 0x1;

  /** Occupies memory at run time. */
  public static final long SHF_ALLOC = 0x2;

  /** Contains executable instructions. */
  public static final long SHF_EXECINSTR = 0x4;

  /** {@code sh_info} holds a section index (set on relocation sections). */
  public static final long SHF_INFO_LINK = 0x40;

  // Special section indices (st_shndx).

  /** Undefined symbol (an extern). */
  public static final int SHN_UNDEF = 0;

  /** Start of the reserved index range; real section indices are below it. */
  public static final int SHN_LORESERVE = 0xff00;

  /** Absolute symbol, not relative to any section. */
  public static final int SHN_ABS = 0xfff1;

  /** Common (tentatively defined, unallocated) symbol. */
  public static final int SHN_COMMON = 0xfff2;

  /** The real index is in an {@code SHT_SYMTAB_SHNDX} section (not supported here). */
  public static final int SHN_XINDEX = 0xffff;

  // Symbol binding (high nibble of st_info).

  /** Visible only inside the object. */
  public static final int STB_LOCAL = 0;

  /** Visible to every object being linked. */
  public static final int STB_GLOBAL = 1;

  /** Global, but may be overridden by another definition. */
  public static final int STB_WEAK = 2;

  // Symbol type (low nibble of st_info).

  /** Unspecified type. */
  public static final int STT_NOTYPE = 0;

  /** Data object: a map, a variable. */
  public static final int STT_OBJECT = 1;

  /** Function: a program or subprogram. */
  public static final int STT_FUNC = 2;

  /** Names a section; relocations against it address the section's start. */
  public static final int STT_SECTION = 3;

  /** Names the source file. */
  public static final int STT_FILE = 4;

  // Symbol visibility (low bits of st_other).

  /** Visibility as given by the binding. */
  public static final int STV_DEFAULT = 0;

  // BPF relocation types (low 32 bits of r_info), as defined by the LLVM BPF backend.

  /** No relocation. */
  public static final int R_BPF_NONE = 0;

  /** 64-bit immediate of an {@code ld_imm64} instruction: map or data address. */
  public static final int R_BPF_64_64 = 1;

  /** 64-bit absolute address in data (DWARF). */
  public static final int R_BPF_64_ABS64 = 2;

  /** 32-bit absolute address in data (DWARF, BTF). */
  public static final int R_BPF_64_ABS32 = 3;

  /** 32-bit field a dynamic loader must leave alone (BTF, {@code .BTF.ext}). */
  public static final int R_BPF_64_NODYLD32 = 4;

  /** 32-bit immediate of a BPF-to-BPF call or a function address. */
  public static final int R_BPF_64_32 = 10;

  /**
   * Packs a symbol index and relocation type into {@code r_info}.
   *
   * @param symbolIndex index into the symbol table
   * @param type relocation type, such as {@link #R_BPF_64_64}
   * @return the {@code r_info} value
   */
  public static long relInfo(int symbolIndex, int type) {
    return ((long) symbolIndex << 32) | Integer.toUnsignedLong(type);
  }

  /**
   * Packs a symbol binding and type into {@code st_info}.
   *
   * @param bind binding, such as {@link #STB_GLOBAL}
   * @param type type, such as {@link #STT_FUNC}
   * @return the {@code st_info} byte
   */
  public static int symInfo(int bind, int type) {
    return (bind << 4) | (type & 0xf);
  }
}
