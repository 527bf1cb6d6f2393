package io.bpf4j.object.elf;

import static io.bpf4j.object.elf.SampleObjects.BSS;
import static io.bpf4j.object.elf.SampleObjects.DEBUG;
import static io.bpf4j.object.elf.SampleObjects.MAPS;
import static io.bpf4j.object.elf.SampleObjects.RODATA;
import static io.bpf4j.object.elf.SampleObjects.SOCKET;
import static io.bpf4j.object.elf.SampleObjects.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ElfWriterTest {
  private final byte[] bytes = SampleObjects.sampleWriter().write();
  private final ElfFile elf = ElfReader.read(bytes);

  @Test
  void headerIsElf64LittleEndianRelocatableBpf() {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertArrayEquals(
        new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        Arrays.copyOf(bytes, 16));
    assertEquals(Elf.ET_REL, b.getShort(16));
    assertEquals(Elf.EM_BPF, b.getShort(18));
    assertEquals(1, b.getInt(20));
    assertEquals(0, b.getLong(24), "e_entry");
    assertEquals(0, b.getLong(32), "e_phoff");
    long shoff = b.getLong(40);
    assertEquals(0, b.getInt(48), "e_flags");
    assertEquals(64, b.getShort(52));
    assertEquals(64, b.getShort(58));
    int shnum = b.getShort(60);
    assertEquals(elf.sections().size(), shnum);
    assertEquals(elf.section(".strtab").orElseThrow().index(), b.getShort(62));
    assertEquals(0, shoff % 8, "section header table is 8-aligned");
    assertEquals(bytes.length, shoff + 64L * shnum, "section header table comes last");
  }

  @Test
  void sectionsKeepTheirIndicesAndWriterSectionsFollow() {
    List<String> names = elf.sections().stream().map(Section::name).collect(Collectors.toList());
    assertEquals(
        List.of(
            "",
            ".text",
            "socket",
            ".rodata",
            ".maps",
            "license",
            ".bss",
            ".debug_x",
            ".relsocket",
            ".rel.debug_x",
            ".symtab",
            ".strtab"),
        names);
    for (Section s : elf.sections()) {
      assertEquals(names.indexOf(s.name()), s.index());
    }
    assertEquals(Elf.SHT_NULL, elf.sections().get(0).type());
  }

  @Test
  void sectionContentsFlagsAndAlignmentRoundTrip() {
    Section text = elf.sections().get(TEXT);
    assertEquals(Elf.SHT_PROGBITS, text.type());
    assertEquals(Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, text.flags());
    assertArrayEquals(SampleObjects.insns(4), text.data());
    assertEquals(8, text.align());

    Section rodata = elf.sections().get(RODATA);
    assertEquals(Elf.SHF_ALLOC, rodata.flags());
    assertArrayEquals(SampleObjects.ascii("hi %d\n"), rodata.data());

    Section maps = elf.section(".maps").orElseThrow();
    assertEquals(MAPS, maps.index());
    assertEquals(Elf.SHF_ALLOC | Elf.SHF_WRITE, maps.flags());
    assertEquals(32, maps.size());

    Section bss = elf.sections().get(BSS);
    assertEquals(Elf.SHT_NOBITS, bss.type());
    assertEquals(16, bss.size());
    assertEquals(0, bss.data().length);

    for (Section s : elf.sections()) {
      assertEquals(0, s.addr());
      if (s.align() > 1) {
        assertEquals(0, s.offset() % s.align(), s.name() + " offset is aligned");
      }
    }
  }

  @Test
  void symbolTableHasNullThenLocalsThenGlobals() {
    List<Symbol> symbols = elf.symbols();
    assertEquals(new Symbol(0, "", 0, 0, Elf.STT_NOTYPE, Elf.STB_LOCAL, 0, 0), symbols.get(0));
    List<String> names = symbols.stream().map(Symbol::name).collect(Collectors.toList());
    // File symbol first, then the other locals and the globals, each in call order.
    assertEquals(
        List.of(
            "",
            "sample.c",
            "helper",
            "counter_state",
            "",
            "",
            "",
            "count",
            "counters",
            "LICENSE",
            "maybe"),
        names);
    Section symtab = elf.section(".symtab").orElseThrow();
    int firstGlobal = symtab.info();
    assertEquals(7, firstGlobal);
    for (Symbol s : symbols) {
      assertEquals(s.index() < firstGlobal, s.bind() == Elf.STB_LOCAL, s.toString());
      assertEquals(Elf.STV_DEFAULT, s.visibility());
    }
    assertEquals(elf.section(".strtab").orElseThrow().index(), symtab.link());
    assertEquals(24, symtab.entsize());
    assertEquals(8, symtab.align());

    assertEquals(
        new Symbol(1, "sample.c", 0, 0, Elf.STT_FILE, Elf.STB_LOCAL, 0, Elf.SHN_ABS),
        elf.symbol(1));
    assertEquals(
        new Symbol(3, "counter_state", 8, 8, Elf.STT_OBJECT, Elf.STB_LOCAL, 0, BSS), elf.symbol(3));
    assertEquals(
        new Symbol(7, "count", 0, 64, Elf.STT_FUNC, Elf.STB_GLOBAL, 0, SOCKET), elf.symbol(7));
    assertEquals(
        new Symbol(10, "maybe", 0, 0, Elf.STT_NOTYPE, Elf.STB_WEAK, 0, Elf.SHN_UNDEF),
        elf.symbol(10));
  }

  @Test
  void relocationsReferToFinalSymbolIndicesInCallOrder() {
    List<Relocation> socket = elf.relocationsFor(SOCKET);
    assertEquals(3, socket.size());
    assertEquals(8, socket.get(0).offset());
    assertEquals(Elf.R_BPF_64_64, socket.get(0).type());
    assertEquals("counters", elf.symbol(socket.get(0).symbolIndex()).name());
    assertSectionSymbol(socket.get(1), 24, Elf.R_BPF_64_32, TEXT);
    assertSectionSymbol(socket.get(2), 32, Elf.R_BPF_64_64, RODATA);

    List<Relocation> debug = elf.relocationsFor(DEBUG);
    assertEquals(2, debug.size());
    assertEquals(4, debug.get(0).offset());
    assertEquals("count", elf.symbol(debug.get(0).symbolIndex()).name());
    assertSectionSymbol(debug.get(1), 0, Elf.R_BPF_64_ABS32, SOCKET);

    assertEquals(List.of(), elf.relocationsFor(TEXT));
    assertEquals(List.of(), elf.relocationsFor(999));

    Section rel = elf.section(".relsocket").orElseThrow();
    assertEquals(Elf.SHT_REL, rel.type());
    assertEquals(Elf.SHF_INFO_LINK, rel.flags());
    assertEquals(elf.section(".symtab").orElseThrow().index(), rel.link());
    assertEquals(SOCKET, rel.info());
    assertEquals(16, rel.entsize());
    assertEquals(8, rel.align());
    // r_info = symbol index << 32 | type, read back raw.
    ByteBuffer raw = ByteBuffer.wrap(rel.data()).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(((long) socket.get(0).symbolIndex() << 32) | Elf.R_BPF_64_64, raw.getLong(8));
  }

  private void assertSectionSymbol(Relocation r, long offset, int type, int section) {
    assertEquals(offset, r.offset());
    assertEquals(type, r.type());
    Symbol s = elf.symbol(r.symbolIndex());
    assertEquals(Elf.STT_SECTION, s.type());
    assertEquals(Elf.STB_LOCAL, s.bind());
    assertEquals("", s.name());
    assertEquals(section, s.sectionIndex());
  }

  @Test
  void outputIsDeterministic() {
    ElfWriter w = SampleObjects.sampleWriter();
    byte[] first = w.write();
    assertArrayEquals(first, w.write(), "write() twice");
    assertArrayEquals(bytes, first, "two writers with the same calls");
  }

  @Test
  void sectionSymbolIsCreatedOnce() {
    ElfWriter w = new ElfWriter();
    int text = w.addSection(".text", Elf.SHT_PROGBITS, 0, new byte[8], 8, 0);
    assertSame(w.sectionSymbol(text), w.sectionSymbol(text));
    assertEquals(2, ElfReader.read(w.write()).symbols().size());
  }

  @Test
  void emptyWriterGivesAValidObject() {
    ElfFile empty = ElfReader.read(new ElfWriter().write());
    assertEquals(3, empty.sections().size());
    assertEquals(1, empty.symbols().size());
  }

  @Test
  void rejectsMisuse() {
    ElfWriter w = new ElfWriter();
    int text = w.addSection(".text", Elf.SHT_PROGBITS, 0, new byte[8], 8, 0);
    SymbolHandle foreign = new ElfWriter().addFileSymbol("x.c");
    assertThrows(IllegalArgumentException.class, () -> w.addRelocation(text, 0, foreign, 1));
    SymbolHandle own = w.sectionSymbol(text);
    assertThrows(IllegalArgumentException.class, () -> w.addRelocation(text, 8, own, 1));
    assertThrows(IllegalArgumentException.class, () -> w.addRelocation(2, 0, own, 1));
    assertThrows(IllegalArgumentException.class, () -> w.sectionSymbol(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> w.addSection(".text", Elf.SHT_PROGBITS, 0, new byte[0], 0, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> w.addSection(".x", Elf.SHT_PROGBITS, 0, new byte[0], 3, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> w.addSection(".rel.x", Elf.SHT_REL, 0, new byte[0], 8, 16));
    assertThrows(
        IllegalArgumentException.class,
        () -> w.addSymbol("a\0b", text, 0, 0, Elf.STT_FUNC, Elf.STB_GLOBAL));
    assertThrows(
        IllegalArgumentException.class,
        () -> w.addSymbol("a", 7, 0, 0, Elf.STT_FUNC, Elf.STB_GLOBAL));
    assertTrue(ElfReader.read(w.write()).section(".text").isPresent());
  }
}
