package io.bpf4j.testing;

import static io.bpf4j.testing.LockedUpdatePrograms.guarded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bpf4j.lang.BpfMap;
import io.bpf4j.testing.LockedUpdatePrograms.Guarded;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BPF_F_LOCK (4) on maps whose values hold a bpf_spin_lock, as the kernel takes it (the
 * simulator-vs-kernel test found it refused here): accepted, combined with NOEXIST/EXIST checked as
 * without it, and a present hash element updated in place, so a value looked up before sees the new
 * contents.
 */
class LockedUpdateTest {
  private static final long F_LOCK = 4;

  private BpfSimulator sim;

  @BeforeEach
  void simulate() {
    sim = BpfSimulator.of(LockedUpdatePrograms.class);
  }

  @Test
  void anArrayTakesLockedUpdatesInPlace() {
    BpfMap<Integer, Guarded> cells = LockedUpdatePrograms.cells;
    Guarded before = cells.lookup(1);
    assertEquals(0, cells.update(1, guarded(5, 60), F_LOCK));
    assertEquals(5, before.packets, "an array's element is updated in place");
    assertEquals(0, cells.update(1, guarded(6, 61), F_LOCK | BpfMap.EXIST));
    assertEquals(-17, cells.update(1, guarded(7, 62), F_LOCK | BpfMap.NOEXIST));
    assertEquals(-22, cells.update(1, guarded(7, 62), F_LOCK | 3), "NOEXIST|EXIST is unknown");
    assertEquals(-7, cells.update(2, guarded(7, 62), F_LOCK), "out of range");
    assertEquals(6, before.packets);
    assertEquals(61, before.lastLen);
  }

  @Test
  void aPresentHashElementIsUpdatedInPlaceOnlyUnderTheLockFlag() {
    BpfMap<Integer, Guarded> byKey = LockedUpdatePrograms.byKey;
    assertEquals(-2, byKey.update(1, guarded(1, 1), F_LOCK | BpfMap.EXIST), "missing: -ENOENT");
    assertEquals(0, byKey.update(1, guarded(1, 1), F_LOCK), "a missing key is inserted");
    Guarded before = byKey.lookup(1);
    assertEquals(-17, byKey.update(1, guarded(2, 2), F_LOCK | BpfMap.NOEXIST));
    assertEquals(0, byKey.update(1, guarded(3, 3), F_LOCK | BpfMap.EXIST));
    assertSame(before, byKey.lookup(1), "the same element");
    assertEquals(3, before.packets);
    assertEquals(0, byKey.update(1, guarded(4, 4), BpfMap.ANY));
    assertNotSame(before, byKey.lookup(1), "without the flag the element is replaced");
    assertEquals(3, before.packets, "the old value keeps its contents");
    assertEquals(4, byKey.lookup(1).packets);
  }

  @Test
  void aProgramsLockedUpdateSucceeds() {
    assertEquals(0, sim.run("storeLocked", Frames.ipv4(64, 17)).returnValue());
    SimMap<Integer, Guarded> user = sim.map("byKey");
    assertEquals(64, user.get(0).lastLen);
  }

  @Test
  void userSpaceMayUseTheFlagToo() {
    SimMap<Integer, Guarded> user = sim.map("byKey");
    user.put(1, guarded(8, 9), F_LOCK);
    assertEquals(8, user.get(1).packets);
    SimMap<Integer, Guarded> cells = sim.map("cells");
    cells.put(0, guarded(10, 11), F_LOCK);
    assertEquals(11, cells.get(0).lastLen);
    assertThrows(IllegalStateException.class, () -> cells.put(0, guarded(1, 1), F_LOCK | 8));
  }
}
