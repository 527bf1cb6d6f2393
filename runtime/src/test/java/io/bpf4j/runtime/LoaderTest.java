package io.bpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.fake.FakeKernel;
import io.bpf4j.runtime.fake.FakeMap;
import io.bpf4j.runtime.sys.Kernel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading objects into the fake kernel: what the kernel is given, and that every fd is owned. */
class LoaderTest {
  @TempDir Path bpffs;
  private FakeKernel kernel;

  @BeforeEach
  void setUp() {
    kernel = new FakeKernel(bpffs);
  }

  @AfterEach
  void noFdLeaksOrDoubleCloses() {
    assertEquals(List.of(), kernel.closeErrors());
  }

  private BpfObject load() {
    return BpfRuntime.load(kernel, bpffs, TestObjects.demo(), "demo");
  }

  private static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void createsEveryMapWithItsShapeAndBtf() {
    try (BpfObject obj = load()) {
      FakeMap counters = kernel.map("counters");
      assertEquals(MapType.HASH, counters.type());
      assertEquals(4, counters.create().keySize());
      assertEquals(16, counters.create().valueSize());
      assertEquals(8, counters.create().maxEntries());
      assertNotNull(counters.create().btf());
      assertEquals(TestObjects.INT, counters.create().btfKeyTypeId());
      assertEquals(TestObjects.COUNTERS, counters.create().btfValueTypeId());
      assertEquals(MapType.PERCPU_ARRAY, kernel.map("perCpu").type());
      assertEquals(MapType.PROG_ARRAY, kernel.map("slots").type());
    }
  }

  @Test
  void loadsEveryProgramWithItsTypeNameAndLicense() {
    try (BpfObject obj = load()) {
      assertEquals(
          List.of("count", "pass", "classify"),
          obj.programs().stream().map(BpfProgram::name).toList());
      assertEquals(ProgramType.SOCKET_FILTER, obj.program("count").type());
      assertEquals(ProgramType.XDP, obj.program("pass").type());
      assertEquals(ProgramType.SCHED_CLS, obj.program("classify").type());
      Kernel.ProgLoad count = kernel.program("count").load();
      assertEquals("GPL", count.license());
      assertEquals(ProgramType.SOCKET_FILTER.kernelId(), count.type());
    }
  }

  @Test
  void mapFdIsPatchedIntoTheLdImm64() {
    try (BpfObject obj = load()) {
      byte[] insns = kernel.program("count").load().instructions();
      int at = TestObjects.COUNTERS_LOAD * 8;
      assertEquals(0x18, insns[at] & 0xff, "ld_imm64");
      assertEquals(1, (insns[at + 1] >> 4) & 0x0f, "src_reg BPF_PSEUDO_MAP_FD");
      int fd = le(insns).getInt(at + 4);
      assertEquals(kernel.map("counters"), kernel.object(fd));
      assertEquals(0, le(insns).getInt(at + 12), "upper half of the immediate");
    }
  }

  @Test
  void rodataIsAFrozenInternalMapReferencedByValue() {
    try (BpfObject obj = load()) {
      FakeMap rodata = kernel.map("demo.rodata");
      assertEquals(MapType.ARRAY, rodata.type());
      assertTrue(rodata.frozen());
      assertEquals(Kernel.F_RDONLY_PROG, rodata.create().flags() & Kernel.F_RDONLY_PROG);
      byte[] value = rodata.value(new byte[4]);
      assertArrayEquals(
          TestObjects.RODATA, java.util.Arrays.copyOf(value, TestObjects.RODATA.length));

      byte[] insns = kernel.program("count").load().instructions();
      int at = TestObjects.RODATA_LOAD * 8;
      assertEquals(2, (insns[at + 1] >> 4) & 0x0f, "src_reg BPF_PSEUDO_MAP_VALUE");
      assertEquals(rodata, kernel.object(le(insns).getInt(at + 4)));
      assertEquals(3, le(insns).getInt(at + 12), "offset of the string in the value");
    }
  }

  @Test
  void funcInfoAndLineInfoGoWithTheObjectsBtf() {
    try (BpfObject obj = load()) {
      Kernel.ProgLoad count = kernel.program("count").load();
      assertNotNull(count.btf());
      assertEquals(1, count.funcInfoCount());
      assertEquals(3, count.lineInfoCount());
      assertEquals(8, count.funcInfo().length);
      assertEquals(3 * 16, count.lineInfo().length);
      // The first line record: instruction 0, line 10, column 5.
      assertEquals(0, le(count.lineInfo()).getInt(0));
      assertEquals((10 << 10) | 5, le(count.lineInfo()).getInt(12));
    }
  }

  @Test
  void progArraySlotsAreFilledWithTheirPrograms() {
    try (BpfObject obj = load()) {
      FakeMap slots = kernel.map("slots");
      assertEquals(1, slots.size());
      int progFd = le(slots.value(new byte[] {1, 0, 0, 0})).getInt();
      assertEquals(kernel.program("count"), kernel.object(progFd));
      assertEquals(obj.program("count").fd(), progFd);
    }
  }

  @Test
  void closingTheObjectClosesEveryFd() {
    BpfObject obj = load();
    assertTrue(kernel.openFds().size() >= 9, kernel.openFds().toString());
    obj.close();
    assertEquals(Set.of(), kernel.openFds());
    obj.close();
    assertEquals(List.of(), kernel.closeErrors());
  }

  @Test
  void aClosedObjectSaysSo() {
    BpfObject obj = load();
    obj.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> obj.program("count"));
    assertEquals("object demo is closed", e.getMessage());
  }

  @Test
  void unknownNamesListWhatThereIs() {
    try (BpfObject obj = load()) {
      BpfException p = assertThrows(BpfException.class, () -> obj.program("nope"));
      assertEquals(
          "object demo has no program nope; it has [count, pass, classify]", p.getMessage());
      BpfException m =
          assertThrows(BpfException.class, () -> obj.map("nope", Integer.class, Integer.class));
      assertEquals(
          "object demo has no map nope; it has [counters, perCpu, flags, perCpuInts, slots]",
          m.getMessage());
      BpfException a = assertThrows(BpfException.class, () -> obj.progArray("counters"));
      assertEquals("map counters of demo is not a prog array", a.getMessage());
    }
  }

  @Test
  void aFailedMapCreationClosesTheBtf() {
    kernel.failNext("mapCreate", Errno.E2BIG);
    BpfException e = assertThrows(BpfException.class, this::load);
    assertEquals(Errno.E2BIG, e.errno());
    assertEquals(
        "creating map counters (type HASH, key 4 B, value 16 B, max_entries 8, flags 0) failed"
            + " (E2BIG): the kernel rejects this combination of type, sizes, max_entries and"
            + " flags",
        e.getMessage());
    assertEquals(Set.of(), kernel.openFds());
  }

  @Test
  void aMapTypeRefusingBtfIsCreatedAgainWithout() {
    kernel.failNext("mapCreate", Errno.EINVAL);
    try (BpfObject obj = load()) {
      FakeMap counters = kernel.map("counters");
      assertNull(counters.create().btf());
      assertEquals(0, counters.create().btfValueTypeId());
      assertNotNull(kernel.map("flags").create().btf(), "only the refused map goes without");
    }
  }

  @Test
  void initialDataThatCannotBeWrittenIsAnError() {
    kernel.failNext("mapFreeze", Errno.EINVAL);
    BpfException e = assertThrows(BpfException.class, this::load);
    assertEquals("initializing map demo.rodata failed (EINVAL)", e.getMessage());
    assertEquals(Set.of(), kernel.openFds());
  }

  @Test
  void aClangObjectLoadsWithBothMapsPatched() {
    try (BpfObject obj =
        BpfRuntime.load(
            kernel, bpffs, TestObjects.resource("bandwidth_monitor.o"), "bandwidth_monitor")) {
      BpfProgram p = obj.program("socketFilter");
      assertEquals(ProgramType.SOCKET_FILTER, p.type());
      byte[] insns = kernel.program("socketFilter").load().instructions();
      Set<Object> referenced = new java.util.HashSet<>();
      for (int at = 0; at + 16 <= insns.length; at += 8) {
        if ((insns[at] & 0xff) == 0x18) {
          if (((insns[at + 1] >> 4) & 0x0f) != 0) {
            referenced.add(kernel.object(le(insns).getInt(at + 4)));
          }
          at += 8;
        }
      }
      assertTrue(referenced.contains(kernel.map("bwMonitorMap")), referenced.toString());
      assertTrue(referenced.contains(kernel.map("tailcallMap")), referenced.toString());
      MapHandle<Integer, CountersValue> map =
          obj.map("bwMonitorMap", Integer.class, CountersValue.class);
      CountersValue v = new CountersValue();
      v.pkts = 2;
      v.bytes = 300;
      map.put(1, v);
      assertEquals(300, map.get(1).bytes);
    }
  }

  /** The value of the clang object's bwMonitorMap, by its BTF member names. */
  static final class CountersValue {
    long pkts;
    long bytes;
  }

  @Test
  void anInvalidObjectIsReportedBeforeTheKernelIsAsked() {
    BpfException e =
        assertThrows(
            BpfException.class, () -> BpfRuntime.load(kernel, bpffs, new byte[] {1, 2, 3}, "junk"));
    assertTrue(e.getMessage().startsWith("cannot load junk: "), e.getMessage());
    assertEquals(Set.of(), kernel.openFds());
    assertTrue(kernel.maps().isEmpty());
  }
}
