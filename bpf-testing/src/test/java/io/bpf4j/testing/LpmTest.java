package io.bpf4j.testing;

import static io.bpf4j.testing.LpmPrograms.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bpf4j.testing.LpmPrograms.Prefix;
import org.junit.jupiter.api.Test;

/** LPM_TRIE lookups by longest prefix, with the kernel's errors. */
class LpmTest {
  private static final int EINVAL = 22;
  private static final int ENOENT = 2;
  private static final int ENOSPC = 28;

  @Test
  void theLongestMatchingPrefixWins() {
    BpfSimulator sim = BpfSimulator.of(LpmPrograms.class);
    assertEquals(0, LpmPrograms.routes.update(prefix(8, 10, 0, 0, 0), 1, 0));
    assertEquals(0, LpmPrograms.routes.update(prefix(16, 10, 1, 99, 99), 2, 0));
    assertEquals(0, LpmPrograms.routes.update(prefix(24, 10, 1, 86, 0), 3, 0));
    assertEquals(-ENOSPC, LpmPrograms.routes.update(prefix(24, 10, 1, 87, 0), 4, 0));
    assertEquals(-EINVAL, LpmPrograms.routes.update(prefix(33, 10, 1, 87, 0), 4, 0));
    assertEquals(3, sim.run("route", Frames.ipv4(100, 17)).returnValue(), "10.1.86.7");
    assertEquals(2, sim.run("route", Frames.ipv4(90, 17)).returnValue(), "10.1.76.7");
    SimMap<Prefix, Integer> map = sim.map("routes");
    assertEquals(1, map.get(prefix(32, 10, 200, 0, 0)));
    assertNull(map.get(prefix(32, 11, 0, 0, 0)));
    assertEquals(2, map.get(prefix(16, 10, 1, 86, 0)), "a /16 query sees up to /16");
    // The /16 was stored by its prefix: the trailing bytes 99.99 do not matter to delete.
    assertEquals(0, LpmPrograms.routes.delete(prefix(16, 10, 1, 0, 0)));
    assertEquals(-ENOENT, LpmPrograms.routes.delete(prefix(16, 10, 1, 0, 0)));
    assertEquals(1, sim.run("route", Frames.ipv4(90, 17)).returnValue());
  }

  @Test
  void aLookupWithAPrefixLengthBeyondTheDataFindsNothing() {
    BpfSimulator sim = BpfSimulator.of(LpmPrograms.class);
    assertEquals(0, LpmPrograms.routes.update(prefix(8, 10, 0, 0, 0), 1, 0));
    assertEquals(1, LpmPrograms.routes.lookup(prefix(32, 10, 1, 2, 3)));
    // The kernel does not clamp a /33 query to /32: it refuses the key and finds nothing.
    assertNull(LpmPrograms.routes.lookup(prefix(33, 10, 1, 2, 3)));
    assertNull(LpmPrograms.routes.lookup(prefix(-1, 10, 1, 2, 3)), "prefixlen is a u32");
    SimMap<Prefix, Integer> map = sim.map("routes");
    assertNull(map.get(prefix(40, 10, 1, 2, 3)), "user space's lookup too");
    assertEquals(-EINVAL, LpmPrograms.routes.delete(prefix(33, 10, 0, 0, 0)));
  }
}
