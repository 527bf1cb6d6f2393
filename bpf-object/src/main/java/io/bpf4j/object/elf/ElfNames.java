package io.bpf4j.object.elf;

/** Human-readable names of header values, so that error messages say what a file really is. */
final class ElfNames {
  private ElfNames() {}

  /** Returns " (name)" for a well-known {@code e_machine}, or "" if unknown. */
  static String machine(int machine) {
    String name =
        switch (machine) {
          case 0 -> "none";
          case 3 -> "x86";
          case 8 -> "MIPS";
          case 20 -> "PowerPC";
          case 21 -> "PowerPC64";
          case 22 -> "s390";
          case 40 -> "ARM";
          case 62 -> "x86-64";
          case 183 -> "AArch64";
          case 243 -> "RISC-V";
          case 258 -> "LoongArch";
          case Elf.EM_BPF -> "BPF";
          default -> null;
        };
    return name == null ? "" : " (" + name + ")";
  }

  /** Returns " (name)" for a well-known {@code e_type}, or "" if unknown. */
  static String fileType(int type) {
    String name =
        switch (type) {
          case 0 -> "none";
          case Elf.ET_REL -> "relocatable";
          case 2 -> "executable";
          case 3 -> "shared object";
          case 4 -> "core dump";
          default -> null;
        };
    return name == null ? "" : " (" + name + ")";
  }
}
