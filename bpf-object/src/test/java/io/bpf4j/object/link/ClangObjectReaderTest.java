package io.bpf4j.object.link;

import static io.bpf4j.object.link.ObjectReaderTest.assertCall;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.DataVariable;
import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectReader;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.kernel.ProgramType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads objects clang-19 built from C (sources and build commands in {@code
 * test-programs/src/main/resources/c}) and checks that the result is what libbpf makes of them.
 *
 * <p>Verified by hand on a 6.18 kernel with bpftool v7.1.0 (libbpf 1.1): {@code bpftool -d prog
 * loadall X.o /sys/fs/bpf/x} logs the map names, sizes and flags, the BTF ids of map keys and
 * values, the slot libbpf puts into the prog array, and where each subprogram is appended ({@code
 * prog 'first': insn #1 relocated, imm 12 points to subprog 'count' (now at 14 offset)}); the
 * numbers asserted below are those. Then the reader's output was loaded through bare bpf(2) calls
 * (BTF, maps with initial data and freezing, programs with func_info and line_info, prog array
 * slot): the kernel accepted everything, and the program tags it computed equal those of the
 * programs libbpf loaded, so the linked instructions are the same: first 113e63fe7f2a189e, second
 * f6b14844d2905822, tail_target e31ff6ed394d9b1e (linking.o), socketFilter be8235c4e5863413
 * (bandwidth_monitor.o), sum 8e772a009d2b60b8 (callback.o).
 */
class ClangObjectReaderTest {

  private static final LinkedObject LINKING =
      ObjectReader.read(TestObjects.resource("linking.o"), "linking.o");
  private static final LinkedObject BANDWIDTH =
      ObjectReader.read(TestObjects.resource("bandwidth_monitor.o"), "bandwidth_monitor.o");

  // ---- bandwidth_monitor.o ----

  @Test
  void bandwidthMonitorMaps() {
    assertEquals("GPL", BANDWIDTH.license());
    assertEquals(
        List.of("bwMonitorMap", "tailcallMap", "bandwidt.rodata"),
        BANDWIDTH.maps().stream().map(MapSpec::name).toList());
    MapSpec counters = BANDWIDTH.map("bwMonitorMap").orElseThrow();
    assertEquals(
        new MapSpec(
            "bwMonitorMap",
            2,
            4,
            16,
            3,
            0,
            0,
            0,
            0,
            2,
            9,
            new byte[0],
            MapSpec.Kind.USER,
            List.of()),
        counters);
    assertEquals("int", BANDWIDTH.btf().type(2).name());
    assertEquals("traffic_counters", BANDWIDTH.btf().type(9).name());
    assertEquals(
        new MapSpec(
            "tailcallMap", 3, 4, 4, 1, 0, 0, 0, 0, 0, 0, new byte[0], MapSpec.Kind.USER, List.of()),
        BANDWIDTH.map("tailcallMap").orElseThrow());
    MapSpec rodata = BANDWIDTH.map("bandwidt.rodata").orElseThrow();
    assertEquals(MapSpec.Kind.RODATA, rodata.kind());
    assertEquals(75, rodata.valueSize());
    assertEquals(MapSpec.BPF_F_RDONLY_PROG, rodata.flags()); // only static variables
    assertEquals(36, rodata.btfValueTypeId());
    String strings = new String(rodata.initialData(), StandardCharsets.US_ASCII);
    assertEquals(
        "pkt len = %d, ifindex = %d, ingress_ifindex = %d\n\0No tailcall registered!\n\0", strings);
  }

  @Test
  void bandwidthMonitorProgram() {
    LinkedProgram p = BANDWIDTH.programs().get(0);
    assertEquals(1, BANDWIDTH.programs().size());
    assertEquals("socketFilter", p.name());
    assertEquals("socket", p.section());
    assertEquals(ProgramType.SOCKET_FILTER.kernelId(), p.programType());
    assertEquals(42, p.instructionCount());
    assertEquals(
        List.of(
            new MapReference(4, "bwMonitorMap", MapReference.Kind.FD, 0),
            new MapReference(20, "bwMonitorMap", MapReference.Kind.FD, 0),
            new MapReference(27, "bandwidt.rodata", MapReference.Kind.VALUE, 0),
            new MapReference(32, "tailcallMap", MapReference.Kind.FD, 0),
            new MapReference(36, "bandwidt.rodata", MapReference.Kind.VALUE, 50)),
        p.mapReferences());
    assertEquals(50, ObjectReaderTest.imm(p.instructions(), 37)); // second format string
    assertEquals(List.of(new FuncInfoRecord(0, 26)), p.funcInfo());
    assertEquals(16, p.lineInfo().size());
    assertEquals(
        new LineInfoRecord(
            0, "./bandwidth_monitor.c", "int socketFilter(struct __sk_buff *skb) {", 29, 0),
        p.lineInfo().get(0));
    assertEquals(
        new LineInfoRecord(40, "./bandwidth_monitor.c", "  return 0;", 43, 3),
        p.lineInfo().get(15));
  }

  @Test
  void bandwidthMonitorBtfGetsSizesAndOffsets() {
    Btf btf = BANDWIDTH.btf();
    // clang leaves DATASEC sizes 0 and global variables' offsets 0; static ones it places itself.
    assertEquals(
        new BtfType.Datasec(
            ".rodata",
            75,
            List.of(new BtfType.VarSecinfo(30, 0, 50), new BtfType.VarSecinfo(32, 50, 25))),
        datasec(btf, ".rodata"));
    assertEquals("socketFilter.____fmt", btf.type(30).name());
    assertEquals(
        new BtfType.Datasec(
            ".maps",
            64,
            List.of(new BtfType.VarSecinfo(13, 0, 32), new BtfType.VarSecinfo(19, 32, 32))),
        datasec(btf, ".maps"));
    assertEquals(4, datasec(btf, "license").size());
  }

  // ---- linking.o ----

  @Test
  void linkingMaps() {
    assertEquals("Dual BSD/GPL", LINKING.license());
    assertEquals(
        List.of("jump_table", "stats", "linking.data", "linking.rodata", "linking.bss"),
        LINKING.maps().stream().map(MapSpec::name).toList());
    // Slot 2 holds tail_target, as in libbpf's "map 'jump_table': slot [2] set to prog".
    assertEquals(
        new MapSpec(
            "jump_table",
            3,
            4,
            4,
            4,
            0,
            0,
            0,
            0,
            0,
            0,
            new byte[0],
            MapSpec.Kind.USER,
            List.of("", "", "tail_target")),
        LINKING.map("jump_table").orElseThrow());
    assertEquals(
        new MapSpec(
            "stats", 2, 4, 8, 2, 0, 0, 0, 0, 11, 21, new byte[0], MapSpec.Kind.USER, List.of()),
        LINKING.map("stats").orElseThrow());
    // libbpf: flags 400 for .data and .bss (global variables make them mmapable), 480 for .rodata.
    assertEquals(
        new MapSpec(
            "linking.data",
            2,
            4,
            8,
            1,
            MapSpec.BPF_F_MMAPABLE,
            0,
            0,
            0,
            0,
            47,
            new byte[] {100, 0, 0, 0, 2, 0, 0, 0},
            MapSpec.Kind.DATA,
            List.of(),
            List.of(
                new DataVariable("threshold", 0, 4, 2, true),
                new DataVariable("step", 4, 4, 2, false))),
        LINKING.map("linking.data").orElseThrow());
    assertEquals(
        new MapSpec(
            "linking.rodata",
            2,
            4,
            4,
            1,
            MapSpec.BPF_F_RDONLY_PROG | MapSpec.BPF_F_MMAPABLE,
            0,
            0,
            0,
            0,
            49,
            new byte[] {1, 0, 0, 0},
            MapSpec.Kind.RODATA,
            List.of(),
            List.of(new DataVariable("verbose", 0, 4, 38, true))),
        LINKING.map("linking.rodata").orElseThrow());
    assertEquals(
        new MapSpec(
            "linking.bss",
            2,
            4,
            8,
            1,
            MapSpec.BPF_F_MMAPABLE,
            0,
            0,
            0,
            0,
            46,
            new byte[0],
            MapSpec.Kind.BSS,
            List.of(),
            List.of(new DataVariable("packets", 0, 8, 21, true))),
        LINKING.map("linking.bss").orElseThrow());
  }

  @Test
  void linkingProgramsAppendSubprogramsWhereLibbpfDoes() {
    assertEquals(
        List.of("tail_target", "first", "second"),
        LINKING.programs().stream().map(LinkedProgram::name).toList());
    LinkedProgram tail = LINKING.program("tail_target").orElseThrow();
    assertEquals(2, tail.instructionCount());
    assertEquals(List.of(new FuncInfoRecord(0, 26)), tail.funcInfo());

    // first: count at 14, bump at 38, add_one at 50. count is called twice and appended once;
    // count calls bump without a relocation (a static callee in the same section) and add_one
    // through a relocation against its global symbol.
    LinkedProgram first = LINKING.program("first").orElseThrow();
    assertEquals(ProgramType.SOCKET_FILTER.kernelId(), first.programType());
    assertEquals(53, first.instructionCount());
    assertCall(first, 1, 14);
    assertCall(first, 4, 14);
    assertCall(first, 28, 38);
    assertCall(first, 34, 50);
    assertEquals(
        List.of(
            new FuncInfoRecord(0, 30),
            new FuncInfoRecord(14, 32),
            new FuncInfoRecord(38, 36),
            new FuncInfoRecord(50, 28)),
        first.funcInfo());

    // second: count at 11, bump at 35, add_one at 47.
    LinkedProgram second = LINKING.program("second").orElseThrow();
    assertEquals(ProgramType.SCHED_CLS.kernelId(), second.programType());
    assertEquals(50, second.instructionCount());
    assertCall(second, 5, 11);
    assertCall(second, 25, 35);
    assertCall(second, 31, 47);
    assertEquals(
        List.of(
            new FuncInfoRecord(0, 34),
            new FuncInfoRecord(11, 32),
            new FuncInfoRecord(35, 36),
            new FuncInfoRecord(47, 28)),
        second.funcInfo());
    assertEquals("count", LINKING.btf().type(32).name());
    assertEquals("bump", LINKING.btf().type(36).name());
    assertEquals("add_one", LINKING.btf().type(28).name());
  }

  @Test
  void linkingMapReferencesIncludeThoseOfSubprograms() {
    assertEquals(
        List.of(
            new MapReference(7, "jump_table", MapReference.Kind.FD, 0),
            new MapReference(15, "linking.bss", MapReference.Kind.VALUE, 0), // packets
            new MapReference(20, "linking.data", MapReference.Kind.VALUE, 0), // threshold
            new MapReference(29, "linking.rodata", MapReference.Kind.VALUE, 0), // verbose
            new MapReference(41, "stats", MapReference.Kind.FD, 0),
            new MapReference(45, "linking.data", MapReference.Kind.VALUE, 4)), // step, via .data
        LINKING.program("first").orElseThrow().mapReferences());
    assertEquals(
        List.of(
            new MapReference(1, "linking.data", MapReference.Kind.VALUE, 4),
            new MapReference(12, "linking.bss", MapReference.Kind.VALUE, 0),
            new MapReference(17, "linking.data", MapReference.Kind.VALUE, 0),
            new MapReference(26, "linking.rodata", MapReference.Kind.VALUE, 0),
            new MapReference(38, "stats", MapReference.Kind.FD, 0),
            new MapReference(42, "linking.data", MapReference.Kind.VALUE, 4)),
        LINKING.program("second").orElseThrow().mapReferences());
  }

  @Test
  void linkingLineInfoFollowsTheSubprograms() {
    LinkedProgram first = LINKING.program("first").orElseThrow();
    assertEquals(25, first.lineInfo().size());
    assertEquals(
        new LineInfoRecord(0, "./linking.c", "int first(struct __sk_buff *skb) {", 60, 0),
        first.lineInfo().get(0));
    assertEquals(
        new LineInfoRecord(
            14,
            "./linking.c",
            "static __attribute__((noinline)) int count(struct __sk_buff *skb) {",
            53,
            0),
        first.lineInfo().get(6));
    assertEquals(
        new LineInfoRecord(52, "./linking.c", "  return x + 1;", 50, 3), first.lineInfo().get(24));
    for (int i = 1; i < first.lineInfo().size(); i++) {
      assertTrue(
          first.lineInfo().get(i).instructionOffset()
              > first.lineInfo().get(i - 1).instructionOffset());
    }
    assertEquals(23, LINKING.program("second").orElseThrow().lineInfo().size());
  }

  @Test
  void linkingBtfGetsSizesAndOffsetsSortedByOffset() {
    Btf btf = LINKING.btf();
    assertEquals(
        new BtfType.Datasec(
            ".data",
            8,
            List.of(new BtfType.VarSecinfo(37, 0, 4), new BtfType.VarSecinfo(41, 4, 4))),
        datasec(btf, ".data"));
    // clang lists jump_table and stats both at offset 0; the symbols place stats at 48.
    assertEquals(
        new BtfType.Datasec(
            ".maps",
            80,
            List.of(new BtfType.VarSecinfo(16, 0, 48), new BtfType.VarSecinfo(24, 48, 32))),
        datasec(btf, ".maps"));
    assertEquals(8, datasec(btf, ".bss").size());
    assertEquals(4, datasec(btf, ".rodata").size());
    assertEquals(13, datasec(btf, "license").size());
  }

  @Test
  void withoutAnObjectNameInternalMapsKeepTheirSectionNames() {
    LinkedObject plain = ObjectReader.read(TestObjects.resource("linking.o"));
    assertEquals(
        List.of("jump_table", "stats", ".data", ".rodata", ".bss"),
        plain.maps().stream().map(MapSpec::name).toList());
    assertArrayEquals(
        LINKING.program("first").orElseThrow().instructions(),
        plain.program("first").orElseThrow().instructions());
  }

  // ---- callback.o ----

  @Test
  void functionAddressesAppendTheFunctionAndBecomePseudoFunc() {
    LinkedObject callback = ObjectReader.read(TestObjects.resource("callback.o"));
    LinkedProgram sum = callback.program("sum").orElseThrow();
    // libbpf: "prog 'sum': insn #4 relocated, imm 5 points to subprog 'add' (now at 10 offset)".
    assertEquals(16, sum.instructionCount());
    byte[] code = sum.instructions();
    assertEquals(0x18, code[4 * 8]);
    assertEquals(0x40 | 2, code[4 * 8 + 1]); // src_reg BPF_PSEUDO_FUNC, dst r2
    assertEquals(5, ObjectReaderTest.imm(code, 4));
    assertEquals(
        List.of("sum", "add"),
        sum.funcInfo().stream().map(f -> callback.btf().type(f.typeId()).name()).toList());
    assertEquals(10, sum.funcInfo().get(1).instructionOffset());
    assertEquals(List.of(), sum.mapReferences());
  }

  private static BtfType.Datasec datasec(Btf btf, String name) {
    return (BtfType.Datasec) btf.type(btf.findByName(BtfType.KIND_DATASEC, name).orElseThrow());
  }
}
