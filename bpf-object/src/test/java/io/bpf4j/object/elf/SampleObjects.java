package io.bpf4j.object.elf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Objects shared by the tests: a small one built with {@link ElfWriter}, and clang's. */
final class SampleObjects {
  static final int TEXT = 1;
  static final int SOCKET = 2;
  static final int RODATA = 3;
  static final int MAPS = 4;
  static final int LICENSE = 5;
  static final int BSS = 6;
  static final int DEBUG = 7;

  private SampleObjects() {}

  /**
   * A writer holding a program shaped like clang's output: a subprogram in .text, a program in
   * "socket" that loads a map and a string and calls the subprogram. Symbols are added globals
   * first and the file symbol last, to check that the writer reorders them.
   */
  static ElfWriter sampleWriter() {
    ElfWriter w = new ElfWriter();
    long code = Elf.SHF_ALLOC | Elf.SHF_EXECINSTR;
    long data = Elf.SHF_ALLOC | Elf.SHF_WRITE;
    check(w.addSection(".text", Elf.SHT_PROGBITS, code, insns(4), 8, 0), TEXT);
    check(w.addSection("socket", Elf.SHT_PROGBITS, code, insns(8), 8, 0), SOCKET);
    check(w.addSection(".rodata", Elf.SHT_PROGBITS, Elf.SHF_ALLOC, ascii("hi %d\n"), 1, 0), RODATA);
    check(w.addSection(".maps", Elf.SHT_PROGBITS, data, new byte[32], 8, 0), MAPS);
    check(w.addSection("license", Elf.SHT_PROGBITS, data, ascii("GPL"), 1, 0), LICENSE);
    check(w.addSection(".bss", Elf.SHT_NOBITS, data, new byte[16], 8, 0), BSS);
    check(w.addSection(".debug_x", Elf.SHT_PROGBITS, 0, new byte[12], 4, 0), DEBUG);

    SymbolHandle program = w.addSymbol("count", SOCKET, 0, 64, Elf.STT_FUNC, Elf.STB_GLOBAL);
    SymbolHandle map = w.addSymbol("counters", MAPS, 0, 32, Elf.STT_OBJECT, Elf.STB_GLOBAL);
    w.addSymbol("LICENSE", LICENSE, 0, 4, Elf.STT_OBJECT, Elf.STB_GLOBAL);
    w.addSymbol("helper", TEXT, 0, 32, Elf.STT_FUNC, Elf.STB_LOCAL);
    w.addSymbol("maybe", Elf.SHN_UNDEF, 0, 0, Elf.STT_NOTYPE, Elf.STB_WEAK);
    w.addSymbol("counter_state", BSS, 8, 8, Elf.STT_OBJECT, Elf.STB_LOCAL);

    w.addRelocation(SOCKET, 8, map, Elf.R_BPF_64_64);
    w.addRelocation(SOCKET, 24, w.sectionSymbol(TEXT), Elf.R_BPF_64_32);
    w.addRelocation(SOCKET, 32, w.sectionSymbol(RODATA), Elf.R_BPF_64_64);
    w.addRelocation(DEBUG, 4, program, Elf.R_BPF_64_ABS64);
    w.addRelocation(DEBUG, 0, w.sectionSymbol(SOCKET), Elf.R_BPF_64_ABS32);
    w.addFileSymbol("sample.c");
    return w;
  }

  /** The checked-in clang object; its source is test-programs' {@code c/socket_filter.c}. */
  static byte[] clangObject() {
    try (InputStream in = SampleObjects.class.getResourceAsStream("/elf/socket_filter.o")) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /elf/socket_filter.o");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code count} "exit" instructions: content only matters as bytes here. */
  static byte[] insns(int count) {
    byte[] bytes = new byte[count * 8];
    for (int i = 0; i < count; i++) {
      bytes[i * 8] = (byte) 0x95;
    }
    return bytes;
  }

  /** A NUL-terminated ASCII string, as C string constants are stored. */
  static byte[] ascii(String s) {
    return (s + "\0").getBytes(StandardCharsets.US_ASCII);
  }

  private static void check(int actual, int expected) {
    if (actual != expected) {
      throw new AssertionError("section index " + actual + ", expected " + expected);
    }
  }
}
