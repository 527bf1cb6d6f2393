package io.bpf4j.object.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.ObjectFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Reads the clang-built {@code socket_filter.o} and corrupt variants of it. */
class ElfReaderTest {
  private final byte[] clang = SampleObjects.clangObject();
  private final ElfFile elf = ElfReader.read(clang);

  @Test
  void findsClangSections() {
    for (String name :
        List.of(
            ".text",
            "socket",
            ".relsocket",
            ".rodata",
            ".maps",
            "license",
            ".BTF",
            ".BTF.ext",
            ".symtab",
            ".strtab")) {
      assertTrue(elf.section(name).isPresent(), name);
    }
    assertFalse(elf.section(".data").isPresent());

    Section socket = elf.section("socket").orElseThrow();
    assertEquals(Elf.SHT_PROGBITS, socket.type());
    assertEquals(Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, socket.flags());
    assertEquals(18 * 8, socket.size());
    assertEquals(Elf.SHF_ALLOC | Elf.SHF_WRITE, elf.section(".maps").orElseThrow().flags());
    assertArrayEquals(
        SampleObjects.ascii("bucket %u\n"), elf.section(".rodata").orElseThrow().data());
    assertArrayEquals(SampleObjects.ascii("GPL"), elf.section("license").orElseThrow().data());

    Section rel = elf.section(".relsocket").orElseThrow();
    assertEquals(Elf.SHT_REL, rel.type());
    assertEquals(socket.index(), rel.info());
    assertEquals(elf.section(".symtab").orElseThrow().index(), rel.link());
  }

  @Test
  void findsMapAndProgramSymbols() {
    Symbol map = symbolNamed("counters");
    assertEquals(Elf.STT_OBJECT, map.type());
    assertEquals(Elf.STB_GLOBAL, map.bind());
    assertEquals(elf.section(".maps").orElseThrow().index(), map.sectionIndex());
    assertEquals(0, map.value());
    assertEquals(32, map.size(), "four pointer-sized members: type, max_entries, key, value");

    Symbol program = symbolNamed("count_packets");
    assertEquals(Elf.STT_FUNC, program.type());
    assertEquals(Elf.STB_GLOBAL, program.bind());
    assertEquals(Elf.STV_DEFAULT, program.visibility());
    assertEquals(elf.section("socket").orElseThrow().index(), program.sectionIndex());
    assertEquals(18 * 8, program.size());

    Symbol subprogram = symbolNamed("classify");
    assertEquals(Elf.STT_FUNC, subprogram.type());
    assertEquals(Elf.STB_LOCAL, subprogram.bind());
    assertEquals(elf.section(".text").orElseThrow().index(), subprogram.sectionIndex());

    Symbol file = elf.symbol(1);
    assertEquals(Elf.STT_FILE, file.type());
    assertEquals("socket_filter.c", file.name());
    assertEquals(Elf.SHN_ABS, file.sectionIndex());
  }

  /** Offsets as shown by {@code llvm-objdump-19 -d -r socket_filter.o}. */
  @Test
  void findsProgramRelocationsAtObjdumpOffsets() {
    List<Relocation> relocations = elf.relocationsFor(elf.section("socket").orElseThrow().index());
    assertEquals(3, relocations.size());

    // 1: call -0x1 to classify, relative to the .text section symbol.
    Relocation call = relocations.get(0);
    assertEquals(0x8, call.offset());
    assertEquals(Elf.R_BPF_64_32, call.type());
    assertSectionSymbol(call, ".text");

    // 5: r1 = counters ll (map fd load).
    Relocation map = relocations.get(1);
    assertEquals(0x28, map.offset());
    assertEquals(Elf.R_BPF_64_64, map.type());
    assertEquals("counters", elf.symbol(map.symbolIndex()).name());

    // 12: r1 = .rodata ll (the format string).
    Relocation string = relocations.get(2);
    assertEquals(0x60, string.offset());
    assertEquals(Elf.R_BPF_64_64, string.type());
    assertSectionSymbol(string, ".rodata");

    List<Relocation> btf = elf.relocationsFor(elf.section(".BTF").orElseThrow().index());
    assertEquals(
        List.of(Elf.R_BPF_64_NODYLD32, Elf.R_BPF_64_ABS32, Elf.R_BPF_64_NODYLD32),
        btf.stream().map(Relocation::type).toList());
  }

  @Test
  void globalsFollowLocals() {
    int firstGlobal = elf.section(".symtab").orElseThrow().info();
    for (Symbol s : elf.symbols()) {
      assertEquals(s.index() < firstGlobal, s.bind() == Elf.STB_LOCAL, s.toString());
    }
  }

  @Test
  void inputArrayIsCopied() {
    byte[] copy = clang.clone();
    ElfFile parsed = ElfReader.read(copy);
    Arrays.fill(copy, (byte) 0);
    assertArrayEquals(SampleObjects.ascii("GPL"), parsed.section("license").orElseThrow().data());
  }

  @Test
  void rejectsOtherMachinesWithAClearMessage() {
    assertRejected(
        b -> b.putShort(18, (short) 62),
        "not an eBPF object: e_machine is 62 (x86-64), expected 247 (BPF)");
  }

  @Test
  void rejectsWrongIdentification() {
    assertRejected(b -> b.put(1, (byte) 'X'), "not an ELF file");
    assertRejected(b -> b.put(4, (byte) 1), "EI_CLASS is 1 (32-bit), expected 2 (64-bit)");
    assertRejected(b -> b.put(5, (byte) 2), "EI_DATA is 2 (big-endian)");
    assertRejected(b -> b.putShort(16, (short) 2), "e_type is 2 (executable)");
  }

  @Test
  void rejectsTruncation() {
    assertMessage(Arrays.copyOf(clang, 2), "too short");
    assertMessage(Arrays.copyOf(clang, 40), "truncated ELF header");
    assertMessage(Arrays.copyOf(clang, clang.length - 1), "section header table");
    assertMessage(new byte[0], "not an ELF file");
  }

  @Test
  void rejectsHeadersPointingOutsideTheFile() {
    assertRejected(b -> b.putLong(40, Long.MAX_VALUE), "section header table");
    assertRejected(b -> b.putShort(60, (short) 0xffff), "section header table");
    assertRejected(b -> b.putShort(62, (short) 500), "e_shstrndx 500 out of range");
    int rodata = elf.section(".rodata").orElseThrow().index();
    assertRejected(b -> b.putLong(shdr(b, rodata) + 32, -1L), "extends beyond the end");
    assertRejected(b -> b.putLong(shdr(b, rodata) + 24, clang.length), "extends beyond the end");
    long textOffset = elf.section(".text").orElseThrow().offset();
    assertRejected(b -> b.putLong(shdr(b, rodata) + 24, textOffset), "overlap in the file");
    assertRejected(b -> b.putLong(shdr(b, rodata) + 24, 8), "the ELF header and section");
    long shoff = ByteBuffer.wrap(clang).order(ByteOrder.LITTLE_ENDIAN).getLong(40);
    assertRejected(b -> b.putLong(shdr(b, rodata) + 24, shoff), "section header table");
  }

  @Test
  void rejectsBadStringOffsets() {
    int text = elf.section(".text").orElseThrow().index();
    assertRejected(b -> b.putInt(shdr(b, text), 0x7fffffff), "string offset");
  }

  @Test
  void rejectsRela() {
    int rel = elf.section(".relsocket").orElseThrow().index();
    assertRejected(b -> b.putInt(shdr(b, rel) + 4, Elf.SHT_RELA), "SHT_RELA");
  }

  @Test
  void rejectsBadRelocations() {
    Section rel = elf.section(".relsocket").orElseThrow();
    int at = (int) rel.offset();
    assertRejected(b -> b.putLong(at + 8, Elf.relInfo(1000, 1)), "refers to symbol 1000");
    assertRejected(b -> b.putLong(at, 4096), "outside its 144-byte target section");
    assertRejected(b -> b.putInt(shdr(b, rel.index()) + 44, 999), "targets section 999");
    assertRejected(b -> b.putInt(shdr(b, rel.index()) + 40, 1), "sh_link 1");
    assertRejected(b -> b.putLong(shdr(b, rel.index()) + 56, 24), "sh_entsize 24");
  }

  @Test
  void rejectsBadSymbols() {
    Section symtab = elf.section(".symtab").orElseThrow();
    int counters = symbolNamed("counters").index();
    int at = (int) symtab.offset() + counters * Elf.SYM_SIZE;
    assertRejected(b -> b.putShort(at + 6, (short) 500), "section index 500");
    assertRejected(b -> b.putShort(at + 6, (short) Elf.SHN_XINDEX), "section index 65535");
    assertRejected(b -> b.putInt(shdr(b, symtab.index()) + 40, 0), "sh_link 0");
    assertRejected(b -> b.putInt(shdr(b, symtab.index()) + 40, 2), "expected SHT_STRTAB");
    assertThrows(ObjectFormatException.class, () -> elf.symbol(elf.symbols().size()));
    assertThrows(ObjectFormatException.class, () -> elf.symbol(-1));
  }

  private Symbol symbolNamed(String name) {
    return elf.symbols().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no symbol " + name));
  }

  private void assertSectionSymbol(Relocation r, String section) {
    Symbol s = elf.symbol(r.symbolIndex());
    assertEquals(Elf.STT_SECTION, s.type());
    assertEquals(elf.section(section).orElseThrow().index(), s.sectionIndex());
  }

  /** Offset of section {@code index}'s header in the file. */
  private static int shdr(ByteBuffer b, int index) {
    return (int) b.getLong(40) + index * Elf.SHDR_SIZE;
  }

  private void assertRejected(Consumer<ByteBuffer> corruption, String message) {
    byte[] bytes = clang.clone();
    corruption.accept(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    assertMessage(bytes, message);
  }

  private static void assertMessage(byte[] bytes, String message) {
    ObjectFormatException e =
        assertThrows(ObjectFormatException.class, () -> ElfReader.read(bytes));
    assertTrue(
        e.getMessage().contains(message),
        () -> "message \"" + e.getMessage() + "\" should contain \"" + message + "\"");
  }
}
