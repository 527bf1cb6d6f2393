package io.bpf4j.object;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.elf.Elf;
import io.bpf4j.object.elf.ElfFile;
import io.bpf4j.object.elf.ElfReader;
import io.bpf4j.object.elf.Section;
import io.bpf4j.object.elf.Symbol;
import io.bpf4j.object.insn.Assembler;
import io.bpf4j.object.insn.Register;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.object.link.MapReference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Global variables written as clang writes them ({@code .data}, {@code .rodata} after the strings,
 * {@code .bss}; global symbols; a DATASEC each) and read back as libbpf makes them: internal array
 * maps with their variables, and {@code BPF_PSEUDO_MAP_VALUE} references at the variables' offsets.
 */
class GlobalVariablesTest {
  private static final byte[] STRINGS = "hi\0".getBytes(StandardCharsets.US_ASCII);

  private static byte[] object() {
    Btf btf = new Btf();
    int intType = btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    int longType = btf.add(new BtfType.Int("long", 8, BtfType.Int.SIGNED, 0, 64));
    int proto = btf.add(new BtfType.FuncProto(intType, List.of()));
    int func = btf.add(new BtfType.Func("prog", proto, BtfType.Func.GLOBAL));
    FunctionSpec prog =
        new FunctionSpec(
            "prog",
            "socket",
            true,
            new Assembler()
                .ldData(Register.R1, "counter", 0)
                .ldx(8, Register.R2, Register.R1, 0)
                .ldData(Register.R1, "limit", 0)
                .ldx(4, Register.R0, Register.R1, 0)
                .ldData(Register.R1, "seed", 0)
                .ldData(Register.R1, ".rodata", 0)
                .exit()
                .build(),
            func,
            "P.java",
            Map.of());
    List<GlobalVariableSpec> globals =
        List.of(
            new GlobalVariableSpec("counter", MapSpec.Kind.BSS, longType, 8, new byte[8]),
            new GlobalVariableSpec("seed", MapSpec.Kind.DATA, intType, 4, new byte[] {7, 0, 0, 0}),
            new GlobalVariableSpec("debug", MapSpec.Kind.RODATA, intType, 4, new byte[4]),
            new GlobalVariableSpec(
                "limit", MapSpec.Kind.RODATA, longType, 8, new byte[] {100, 0, 0, 0, 0, 0, 0, 0}));
    return ObjectWriter.write(
        new ObjectSpec("GPL", List.of(prog), List.of(), STRINGS, btf, globals));
  }

  @Test
  void writesSectionsAndGlobalSymbolsAsClang() {
    ElfFile elf = ElfReader.read(object());
    Section bss = elf.sections().stream().filter(s -> s.name().equals(".bss")).findFirst().get();
    assertEquals(Elf.SHT_NOBITS, bss.type());
    assertEquals(8, bss.size());
    Section rodata =
        elf.sections().stream().filter(s -> s.name().equals(".rodata")).findFirst().get();
    // The string, then debug at 4 and limit at 8.
    assertEquals(16, rodata.size());
    Symbol limit = elf.symbols().stream().filter(s -> s.name().equals("limit")).findFirst().get();
    assertEquals(Elf.STT_OBJECT, limit.type());
    assertEquals(Elf.STB_GLOBAL, limit.bind());
    assertEquals(8, limit.value());
    assertEquals(8, limit.size());
  }

  @Test
  void readsInternalMapsWithTheirVariables() {
    LinkedObject o = ObjectReader.read(object(), "Globals.bpf.o");
    assertEquals(
        List.of("Globals.data", "Globals.rodata", "Globals.bss"),
        o.maps().stream().map(MapSpec::name).toList());
    MapSpec rodata = o.map("Globals.rodata").orElseThrow();
    assertEquals(MapType.ARRAY.kernelId(), rodata.type());
    assertEquals(1, rodata.maxEntries());
    assertEquals(16, rodata.valueSize());
    assertEquals(MapSpec.BPF_F_RDONLY_PROG | MapSpec.BPF_F_MMAPABLE, rodata.flags());
    assertEquals(
        List.of("__bpf4j_str0", "debug", "limit"),
        rodata.variables().stream().map(DataVariable::name).toList());
    DataVariable limit = rodata.variable("limit").orElseThrow();
    assertEquals(8, limit.offset());
    assertEquals(8, limit.size());
    assertEquals(
        "long", ((BtfType.Int) o.btf().resolve(limit.btfTypeId())).name(), "const volatile long");
    assertEquals(MapSpec.BPF_F_MMAPABLE, o.map("Globals.bss").orElseThrow().flags());
    assertArrayEquals(new byte[] {7, 0, 0, 0}, o.map("Globals.data").orElseThrow().initialData());

    List<MapReference> refs = o.program("prog").orElseThrow().mapReferences();
    assertEquals(
        List.of(
            new MapReference(0, "Globals.bss", MapReference.Kind.VALUE, 0),
            new MapReference(3, "Globals.rodata", MapReference.Kind.VALUE, 8),
            new MapReference(6, "Globals.data", MapReference.Kind.VALUE, 0),
            new MapReference(8, "Globals.rodata", MapReference.Kind.VALUE, 0)),
        refs);
  }

  @Test
  void setsAVariableBeforeLoad() {
    LinkedObject o = ObjectReader.read(object(), "Globals.bpf.o");
    LinkedObject configured = o.withVariable("limit", new byte[] {5, 0, 0, 0, 0, 0, 0, 0});
    byte[] data = configured.map("Globals.rodata").orElseThrow().initialData();
    assertEquals(5, data[8]);
    assertEquals('h', data[0]);
    LinkedObject counted = o.withVariable("counter", new byte[] {1, 0, 0, 0, 0, 0, 0, 0});
    assertEquals(8, counted.map("Globals.bss").orElseThrow().initialData().length);
    assertThrows(IllegalArgumentException.class, () -> o.withVariable("limit", new byte[4]));
    assertThrows(IllegalArgumentException.class, () -> o.withVariable("nope", new byte[4]));
    assertThrows(IllegalArgumentException.class, () -> o.withVariable("__bpf4j_str0", new byte[3]));
  }
}
