package io.bpf4j.object.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectReader;
import io.bpf4j.object.ObjectSpec;
import io.bpf4j.object.ObjectWriter;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfReader;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.btf.BtfWriter;
import io.bpf4j.object.btf.ParsedBtf;
import io.bpf4j.object.elf.Elf;
import io.bpf4j.object.elf.ElfFile;
import io.bpf4j.object.elf.ElfReader;
import io.bpf4j.object.elf.ElfWriter;
import io.bpf4j.object.elf.Section;
import io.bpf4j.object.elf.Symbol;
import io.bpf4j.object.insn.Opcode;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.object.kernel.ProgramType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads objects written by {@link io.bpf4j.object.ObjectWriter} (see {@link TestObjects#ownSpec()}
 * for the layout: .text holds helper at 0, leaf at 3 and unused at 5) and hand-made ones.
 */
class ObjectReaderTest {

  private static final LinkedObject OWN = ObjectReader.read(TestObjects.ownObject());

  @Test
  void findsProgramsWithTypesFromTheirSections() {
    assertEquals("GPL", OWN.license());
    assertEquals(
        List.of("count", "pass"), OWN.programs().stream().map(LinkedProgram::name).toList());
    LinkedProgram count = OWN.program("count").orElseThrow();
    assertEquals("socket", count.section());
    assertEquals(ProgramType.SOCKET_FILTER.kernelId(), count.programType());
    assertEquals(0, count.expectedAttachType());
    LinkedProgram pass = OWN.program("pass").orElseThrow();
    assertEquals("xdp", pass.section());
    assertEquals(ProgramType.XDP.kernelId(), pass.programType());
    assertEquals(37, pass.expectedAttachType()); // BPF_XDP
    assertEquals(0, pass.programFlags());
  }

  @Test
  void appendsEachCalledSubprogramOnceAndRewritesCallOffsets() {
    LinkedProgram count = OWN.program("count").orElseThrow();
    // count (slots 0-9), then helper at its first call (10-12), then leaf, which helper calls
    // (13-14); unused is left out.
    assertEquals(15, count.instructionCount());
    assertEquals(
        List.of(0, 10, 13),
        count.funcInfo().stream().map(FuncInfoRecord::instructionOffset).toList());
    assertEquals(
        List.of(TestObjects.FUNC_COUNT, TestObjects.FUNC_HELPER, TestObjects.FUNC_LEAF),
        count.funcInfo().stream().map(FuncInfoRecord::typeId).toList());
    assertCall(count, 6, 10); // imm = 10 - (6 + 1) = 3
    assertCall(count, 8, 10); // imm = 1
    assertCall(count, 10, 13); // helper calls leaf: imm = 2
    assertEquals(Opcode.JMP | Opcode.EXIT, opcode(count, 14));

    LinkedProgram pass = OWN.program("pass").orElseThrow();
    assertEquals(4, pass.instructionCount());
    assertCall(pass, 0, 2);
    assertEquals(
        List.of(
            new FuncInfoRecord(0, TestObjects.FUNC_PASS),
            new FuncInfoRecord(2, TestObjects.FUNC_LEAF)),
        pass.funcInfo());
  }

  @Test
  void marksMapReferencesAsLibbpfDoes() {
    LinkedProgram count = OWN.program("count").orElseThrow();
    assertEquals(
        List.of(
            new MapReference(1, "counters", MapReference.Kind.FD, 0),
            new MapReference(3, ".rodata", MapReference.Kind.VALUE, 3)),
        count.mapReferences());
    byte[] code = count.instructions();
    // ld_imm64 r1, map: src_reg BPF_PSEUDO_MAP_FD, imm left for the fd.
    assertEquals(Opcode.PSEUDO_MAP_FD << 4 | 1, code[1 * 8 + 1]);
    assertEquals(0, imm(code, 1));
    // ld_imm64 r2, .rodata + 3: BPF_PSEUDO_MAP_VALUE with the offset in the second slot.
    assertEquals(Opcode.PSEUDO_MAP_VALUE << 4 | 2, code[3 * 8 + 1]);
    assertEquals(0, imm(code, 3));
    assertEquals(3, imm(code, 4));
  }

  @Test
  void carriesLineInfoOverInInstructionSlots() {
    LinkedProgram count = OWN.program("count").orElseThrow();
    String file = TestObjects.FILE;
    assertEquals(
        List.of(
            new LineInfoRecord(0, file, "int count(Context c) {", 10, 5),
            new LineInfoRecord(3, file, "  n = helper(c);", 11, 9),
            new LineInfoRecord(8, file, "  helper(c);", 12, 9),
            new LineInfoRecord(10, file, "return leaf(x) + 1;", 20, 3),
            new LineInfoRecord(13, file, "return 2;", 30, 3)),
        count.lineInfo());
    assertEquals(10 << 10 | 5, count.lineInfo().get(0).lineCol());
  }

  @Test
  void readsMapDefinitionsFromBtf() {
    assertEquals(
        List.of("counters", "a_rather_long_map_name", ".rodata"),
        OWN.maps().stream().map(MapSpec::name).toList());
    assertEquals(
        new MapSpec(
            "counters",
            2,
            4,
            4,
            8,
            0,
            0,
            0,
            0,
            TestObjects.INT,
            TestObjects.INT,
            new byte[0],
            MapSpec.Kind.USER,
            List.of()),
        OWN.map("counters").orElseThrow());
    MapSpec jumps = OWN.map("a_rather_long_map_name").orElseThrow();
    assertEquals(MapType.PROG_ARRAY.kernelId(), jumps.type());
    assertEquals(4, jumps.keySize());
    assertEquals(4, jumps.valueSize());
    assertEquals(2, jumps.maxEntries());
    assertEquals(MapSpec.PIN_BY_NAME, jumps.pinning());
    assertEquals(0, jumps.btfKeyTypeId());
    assertEquals("a_rather_long_m", jumps.kernelName());
    assertEquals(List.of(), jumps.initialPrograms());
  }

  @Test
  void readsBackTheMapsItWasWrittenWith() {
    // The pair: ObjectWriter takes MapSpecs and ObjectReader gives the same records back.
    assertEquals(TestObjects.ownSpec().maps(), OWN.maps().subList(0, 2));
  }

  @Test
  void writesAndReadsNumaNodeAndMapExtra() {
    ObjectSpec own = TestObjects.ownSpec();
    MapSpec bloom =
        new MapSpec(
            "bloom", 30, 0, 8, 64, 4, 1, 3, 0, 0, 0, new byte[0], MapSpec.Kind.USER, List.of());
    List<MapSpec> maps = List.of(own.maps().get(0), own.maps().get(1), bloom);
    ObjectSpec spec = new ObjectSpec(own.license(), own.functions(), maps, own.rodata(), own.btf());
    assertEquals(maps, ObjectReader.read(ObjectWriter.write(spec)).maps().subList(0, 3));
  }

  @Test
  void makesAFrozenReadOnlyArrayOfRodata() {
    MapSpec rodata = OWN.map(".rodata").orElseThrow();
    int datasec = OWN.btf().findByName(BtfType.KIND_DATASEC, ".rodata").orElseThrow();
    assertEquals(
        new MapSpec(
            ".rodata",
            MapType.ARRAY.kernelId(),
            4,
            TestObjects.RODATA.length,
            1,
            MapSpec.BPF_F_RDONLY_PROG,
            0,
            0,
            0,
            0,
            datasec,
            TestObjects.RODATA,
            MapSpec.Kind.RODATA,
            List.of(),
            rodata.variables()),
        rodata);
    // One static variable per string: nothing for user space to set.
    assertFalse(rodata.variables().isEmpty());
    assertTrue(rodata.variables().stream().noneMatch(v -> v.global()));
    assertTrue(rodata.frozen());
    assertTrue(rodata.isInternal());
  }

  @Test
  void namesInternalMapsAfterTheObjectLikeLibbpf() {
    LinkedObject named =
        ObjectReader.read(TestObjects.ownObject(), "build/bandwidth_monitor.bpf.o");
    assertEquals("bandwidt.rodata", named.maps().get(2).name());
    assertEquals(
        List.of(
            new MapReference(1, "counters", MapReference.Kind.FD, 0),
            new MapReference(3, "bandwidt.rodata", MapReference.Kind.VALUE, 3)),
        named.program("count").orElseThrow().mapReferences());
  }

  @Test
  void encodedBtfHoldsTheLineInfoStrings() {
    BtfWriter.Encoded encoded = OWN.encodeBtf(List.of("extra"));
    ParsedBtf parsed = BtfReader.read(encoded.bytes());
    assertEquals(OWN.btf().typeCount(), parsed.btf().typeCount());
    for (LinkedProgram p : OWN.programs()) {
      for (LineInfoRecord l : p.lineInfo()) {
        assertEquals(l.fileName(), parsed.stringAt(encoded.offsetOf(l.fileName())));
        assertEquals(l.lineText(), parsed.stringAt(encoded.offsetOf(l.lineText())));
      }
    }
    assertEquals("extra", parsed.stringAt(encoded.offsetOf("extra")));
    assertArrayEquals(OWN.encodeBtf().bytes(), OWN.btfBytes());
  }

  @Test
  void theEncodingKeptFromReadingIsTheOneTheBtfEncodesTo() {
    LinkedObject fresh = new LinkedObject(OWN.license(), OWN.programs(), OWN.maps(), OWN.btf());
    assertArrayEquals(fresh.encodeBtf().bytes(), OWN.encodeBtf().bytes());
    assertEquals(fresh.encodeBtf().stringOffsets(), OWN.encodeBtf().stringOffsets());
    // Each caller gets bytes of its own.
    OWN.encodeBtf().bytes()[0] ^= 1;
    assertArrayEquals(fresh.encodeBtf().bytes(), OWN.encodeBtf().bytes());
  }

  @Test
  void readingIsDeterministic() {
    LinkedObject again = ObjectReader.read(TestObjects.ownObject());
    assertEquals(OWN.programs(), again.programs());
    assertEquals(OWN.maps(), again.maps());
    assertArrayEquals(OWN.btfBytes(), again.btfBytes());
  }

  @Test
  void hiddenGlobalSubprogramsBecomeStaticInBtf() {
    byte[] object = TestObjects.ownObject();
    setVisibility(object, "leaf", 2); // STV_HIDDEN
    Btf btf = ObjectReader.read(object).btf();
    assertEquals(BtfType.Func.STATIC, ((BtfType.Func) btf.type(TestObjects.FUNC_LEAF)).linkage());
    assertEquals(
        BtfType.Func.GLOBAL, ((BtfType.Func) OWN.btf().type(TestObjects.FUNC_LEAF)).linkage());
  }

  @Test
  void readsAnObjectWithoutBtfOrLicense() {
    ElfWriter w = new ElfWriter();
    byte[] code = new byte[32];
    // r0 = 0; call 1 (bpf-to-bpf, imm -1 against f); exit | f: exit
    code[0] = (byte) 0xb7;
    code[8] = (byte) 0x85;
    code[9] = 0x10;
    code[12] = code[13] = code[14] = code[15] = (byte) 0xff;
    code[16] = (byte) 0x95;
    code[24] = (byte) 0x95;
    int prog =
        w.addSection(
            "classifier",
            Elf.SHT_PROGBITS,
            Elf.SHF_ALLOC | Elf.SHF_EXECINSTR,
            java.util.Arrays.copyOf(code, 24),
            8,
            0);
    int text =
        w.addSection(
            ".text",
            Elf.SHT_PROGBITS,
            Elf.SHF_ALLOC | Elf.SHF_EXECINSTR,
            java.util.Arrays.copyOfRange(code, 24, 32),
            8,
            0);
    w.addSymbol("main_prog", prog, 0, 24, Elf.STT_FUNC, Elf.STB_GLOBAL);
    var f = w.addSymbol("f", text, 0, 8, Elf.STT_FUNC, Elf.STB_LOCAL);
    w.addRelocation(prog, 8, f, Elf.R_BPF_64_32);
    LinkedObject object = ObjectReader.read(w.write());
    assertEquals("", object.license());
    assertNull(object.btf());
    assertFalse(object.hasBtf());
    assertThrows(IllegalStateException.class, object::encodeBtf);
    LinkedProgram p = object.programs().get(0);
    assertEquals(ProgramType.SCHED_CLS.kernelId(), p.programType());
    assertEquals(4, p.instructionCount());
    assertCall(p, 1, 3);
    assertEquals(List.of(), p.funcInfo());
    assertEquals(List.of(), p.lineInfo());
    assertEquals(List.of(), object.maps());
  }

  // ---- helpers ----

  static void assertCall(LinkedProgram p, int slot, int target) {
    byte[] code = p.instructions();
    assertEquals(Opcode.JMP | Opcode.CALL, code[slot * 8] & 0xff, "call at " + slot);
    assertEquals(Opcode.PSEUDO_CALL << 4, code[slot * 8 + 1] & 0xff, "pseudo call at " + slot);
    assertEquals(target - (slot + 1), imm(code, slot), "call at " + slot + " goes to " + target);
  }

  static int opcode(LinkedProgram p, int slot) {
    return p.instructions()[slot * 8] & 0xff;
  }

  static int imm(byte[] code, int slot) {
    int at = slot * 8 + 4;
    return (code[at] & 0xff)
        | (code[at + 1] & 0xff) << 8
        | (code[at + 2] & 0xff) << 16
        | code[at + 3] << 24;
  }

  /** Sets {@code st_other} of the named symbol in place. */
  static void setVisibility(byte[] object, String symbol, int visibility) {
    ElfFile elf = ElfReader.read(object);
    Section symtab =
        elf.sections().stream().filter(s -> s.type() == Elf.SHT_SYMTAB).findFirst().orElseThrow();
    Symbol sym =
        elf.symbols().stream().filter(s -> s.name().equals(symbol)).findFirst().orElseThrow();
    object[(int) symtab.offset() + sym.index() * Elf.SYM_SIZE + 5] = (byte) visibility;
  }
}
