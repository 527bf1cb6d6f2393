package io.bpf4j.object.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.FunctionSpec;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.ObjectReader;
import io.bpf4j.object.ObjectSpec;
import io.bpf4j.object.ObjectWriter;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.elf.Elf;
import io.bpf4j.object.elf.ElfFile;
import io.bpf4j.object.elf.ElfReader;
import io.bpf4j.object.elf.ElfWriter;
import io.bpf4j.object.elf.Section;
import io.bpf4j.object.insn.Assembler;
import io.bpf4j.object.insn.Register;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What the reader refuses, and that it says why. */
class ObjectReaderErrorsTest {

  @Test
  void coreRelocationsAreReadAsClangWritesThem() {
    var object = ObjectReader.read(TestObjects.resource("core.o"), "core");
    var p = object.program("read_pid").orElseThrow();
    assertEquals(1, p.coreRelocations().size());
    var r = p.coreRelocations().get(0);
    assertEquals(0, r.instructionOffset());
    assertEquals("0:0", r.accessString());
    assertEquals(io.bpf4j.object.kernel.CoreRelocationKind.FIELD_BYTE_OFFSET, r.kind());
    assertEquals("task", object.btf().type(r.typeId()).name());
  }

  @Test
  void kfuncsAreNotSupported() {
    assertRejected(TestObjects.resource("kfunc.o"), "extern function 'bpf_rcu_read_lock'");
  }

  @Test
  void staticProgramsAreRefusedAsLibbpfDoes() {
    assertRejected(
        withFunction(f -> withGlobal(f, "pass", false)),
        "function 'pass' in section 'xdp' is static");
  }

  @Test
  void unknownSectionNamesAreReported() {
    assertRejected(
        withFunction(
            f ->
                f.name().equals("pass")
                    ? new FunctionSpec(
                        "pass",
                        "struct_ops/tcp_init",
                        true,
                        f.code(),
                        f.btfFuncId(),
                        f.fileName(),
                        f.lineTexts())
                    : f),
        "section name 'struct_ops/tcp_init' names no program type");
  }

  @Test
  void dataReferencesOutsideTheSectionAreReported() {
    ObjectSpec own = TestObjects.ownSpec();
    FunctionSpec bad =
        new FunctionSpec(
            "far",
            "socket",
            true,
            new Assembler().ldData(Register.R1, ".rodata", 100).exit().build(),
            0,
            "F.java",
            Map.of());
    List<FunctionSpec> functions = new ArrayList<>(own.functions());
    functions.add(bad);
    byte[] object =
        ObjectWriter.write(
            new ObjectSpec(own.license(), functions, own.maps(), own.rodata(), own.btf()));
    assertRejected(object, "offset 100 lies outside map '.rodata' of 9 bytes");
  }

  @Test
  void callsMustLandOnAFunction() {
    byte[] object = TestObjects.ownObject();
    // pass: call leaf (imm -1, relocated against leaf) becomes imm 0, one past leaf's start.
    ElfFile elf = ElfReader.read(object);
    Section xdp = elf.section("xdp").orElseThrow();
    for (int i = 4; i < 8; i++) {
      object[(int) xdp.offset() + i] = 0;
    }
    assertRejected(object, "calls instruction 4 of .text, where no function starts");
  }

  @Test
  void mapsWithoutATypeAreReported() {
    MapSpec untyped = new MapSpec("untyped", 0, 4, 4, 1, 0, 0, 0, 0, List.of());
    ObjectSpec spec = new ObjectSpec("GPL", List.of(), List.of(untyped), new byte[0], new Btf());
    assertRejected(ObjectWriter.write(spec), "map 'untyped': map type isn't specified");
  }

  @Test
  void legacyMapsSectionsAreNotSupported() {
    ElfWriter w = new ElfWriter();
    w.addSection("maps", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE, new byte[20], 4, 0);
    assertRejected(w.write(), "legacy map definitions");
  }

  @Test
  void mapsNeedBtf() {
    ElfWriter w = new ElfWriter();
    w.addSection(".maps", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE, new byte[32], 8, 0);
    assertRejected(w.write(), "section '.maps' needs BTF");
  }

  @Test
  void externVariablesAreNotSupported() {
    ElfWriter w = new ElfWriter();
    byte[] code = new byte[24];
    code[0] = 0x18; // r0 = &extern ll
    code[16] = (byte) 0x95;
    int prog =
        w.addSection("socket", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, code, 8, 0);
    w.addSymbol("f", prog, 0, 24, Elf.STT_FUNC, Elf.STB_GLOBAL);
    var ext = w.addSymbol("CONFIG_HZ", Elf.SHN_UNDEF, 0, 0, Elf.STT_NOTYPE, Elf.STB_GLOBAL);
    w.addRelocation(prog, 0, ext, Elf.R_BPF_64_64);
    assertRejected(w.write(), "relocation against 'CONFIG_HZ': extern variables");
  }

  private static void assertRejected(byte[] object, String message) {
    ObjectFormatException e =
        assertThrows(ObjectFormatException.class, () -> ObjectReader.read(object));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  private static byte[] withFunction(UnaryOperator<FunctionSpec> change) {
    ObjectSpec own = TestObjects.ownSpec();
    List<FunctionSpec> functions = own.functions().stream().map(change).toList();
    return ObjectWriter.write(
        new ObjectSpec(own.license(), functions, own.maps(), own.rodata(), own.btf()));
  }

  private static FunctionSpec withGlobal(FunctionSpec f, String name, boolean global) {
    return f.name().equals(name)
        ? new FunctionSpec(
            f.name(), f.section(), global, f.code(), f.btfFuncId(), f.fileName(), f.lineTexts())
        : f;
  }
}
