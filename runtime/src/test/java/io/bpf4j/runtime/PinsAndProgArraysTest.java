package io.bpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.fake.FakeKernel;
import io.bpf4j.runtime.fake.FakeMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pinning whole objects, maps shared by name, programs and prog arrays opened from pins. */
class PinsAndProgArraysTest {
  @TempDir Path bpffs;
  private FakeKernel kernel;

  @BeforeEach
  void setUp() {
    kernel = new FakeKernel(bpffs);
  }

  @AfterEach
  void nothingLeaks() {
    assertEquals(List.of(), kernel.closeErrors());
  }

  private BpfObject load() {
    return BpfRuntime.load(kernel, bpffs, TestObjects.demo(), "demo");
  }

  @Test
  void anObjectPinsItsMapsAndProgramsButNotItsData() {
    Path dir = bpffs.resolve("demo");
    try (BpfObject obj = load()) {
      obj.pin(dir);
      for (String name :
          List.of("counters", "perCpu", "flags", "perCpuInts", "slots", "count", "pass")) {
        assertNotNull(kernel.pinned(dir.resolve(name)), name);
      }
      assertNull(kernel.pinned(dir.resolve("demo.rodata")));
      assertEquals(kernel.map("counters"), kernel.pinned(dir.resolve("counters")));
      // Pinning the same object again changes nothing.
      obj.pin(dir);
    }
    assertEquals(Set.of(), kernel.openFds());
    assertNotNull(kernel.pinned(dir.resolve("counters")), "pins outlive the object");
  }

  @Test
  void anotherObjectCannotPinOverTheFirst() {
    Path dir = bpffs.resolve("demo");
    try (BpfObject first = load();
        BpfObject second = load()) {
      first.pin(dir);
      BpfException e = assertThrows(BpfException.class, () -> second.pin(dir));
      assertEquals(Errno.EEXIST, e.errno());
      assertTrue(e.getMessage().startsWith("cannot pin map counters at "), e.getMessage());
    }
  }

  @Test
  void aMapPinnedByNameIsSharedBetweenObjects() {
    try (BpfObject first = BpfRuntime.load(kernel, bpffs, TestObjects.pinnedByName(16), "a");
        BpfObject second = BpfRuntime.load(kernel, bpffs, TestObjects.pinnedByName(16), "b")) {
      assertEquals(1, kernel.maps().size(), "the second object reuses the pinned map");
      FakeMap shared = kernel.maps().get(0);
      assertEquals(shared, kernel.pinned(bpffs.resolve("shared")));
      first.map("shared", Integer.class, Integer.class).put(1, 11);
      assertEquals(11, second.map("shared", Integer.class, Integer.class).get(1));
    }
    assertEquals(Set.of(), kernel.openFds());
  }

  @Test
  void aMapPinnedByNameOfAnotherShapeIsNotReplaced() {
    Path path = bpffs.resolve("shared");
    try (BpfObject first = BpfRuntime.load(kernel, bpffs, TestObjects.pinnedByName(16), "a")) {
      BpfException e =
          assertThrows(
              BpfException.class,
              () -> BpfRuntime.load(kernel, bpffs, TestObjects.pinnedByName(32), "b"));
      assertEquals(
          "the map pinned at "
              + path
              + " (type HASH, key 4 B, value 4 B, max_entries 16, flags 0) does not match map"
              + " shared of this object (type HASH, key 4 B, value 4 B, max_entries 32, flags 0);"
              + " remove the old pin (rm "
              + path
              + ") or give the map another name",
          e.getMessage());
    }
    assertEquals(Set.of(), kernel.openFds());
  }

  @Test
  void aPinnedProgramOpensWithItsType() throws Exception {
    Path path = bpffs.resolve("progs/pass");
    try (BpfObject obj = load()) {
      obj.program("pass").pin(path);
    }
    assertTrue(Files.exists(path));
    try (BpfProgram p = BpfProgram.openPinned(kernel, path)) {
      assertEquals("pass", p.name());
      assertEquals(ProgramType.XDP, p.type());
    }
    assertEquals(Set.of(), kernel.openFds());
  }

  @Test
  void aPinnedMapIsNotAProgram() {
    Path path = bpffs.resolve("flags");
    try (BpfObject obj = load()) {
      obj.map("flags", Integer.class, Integer.class).pin(path);
      BpfException e = assertThrows(BpfException.class, () -> BpfProgram.openPinned(kernel, path));
      assertEquals(path + " is a map, not a program (program expected)", e.getMessage());
    }
  }

  @Test
  void progArraySlotsTakeProgramsOfOneType() {
    try (BpfObject obj = load()) {
      ProgArrayHandle slots = obj.progArray("slots");
      assertEquals(2, slots.maxEntries());
      slots.set(0, obj.program("count"));
      FakeMap map = kernel.map("slots");
      assertEquals(2, map.size());
      slots.clear(0);
      assertEquals(1, map.size());
      BpfException e = assertThrows(BpfException.class, () -> slots.set(0, obj.program("pass")));
      assertEquals(
          "setting slot 0 of prog array slots failed (EINVAL): the program's type differs from the"
              + " programs that tail-call through this array",
          e.getMessage());
      IndexOutOfBoundsException range =
          assertThrows(IndexOutOfBoundsException.class, () -> slots.set(2, obj.program("count")));
      assertEquals("slot 2 of prog array slots with 2 slots", range.getMessage());
    }
  }

  @Test
  void aPinnedProgArrayOpensAndOtherMapsDoNot() {
    try (BpfObject obj = load()) {
      obj.pin(bpffs);
      try (ProgArrayHandle slots = ProgArrayHandle.openPinned(kernel, bpffs.resolve("slots"))) {
        slots.set(0, obj.program("count"));
        assertEquals(2, kernel.map("slots").size());
      }
      Path flags = bpffs.resolve("flags");
      BpfException e =
          assertThrows(BpfException.class, () -> ProgArrayHandle.openPinned(kernel, flags));
      assertEquals(flags + " is a map of type 2, not a prog array (type 3)", e.getMessage());
    }
    assertEquals(Set.of(), kernel.openFds());
  }
}
