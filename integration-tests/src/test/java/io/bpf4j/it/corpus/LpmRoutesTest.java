package io.bpf4j.it.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.PinDir;
import io.bpf4j.it.Tools;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import org.junit.jupiter.api.Test;

/**
 * corpus/LpmRoutes.java: an LPM_TRIE (which the processor gives BPF_F_NO_PREALLOC) filled from Java
 * with nested IPv4 prefixes; longest-prefix lookups from BPF code and from Java.
 */
class LpmRoutesTest {

  static final class Prefix {
    int prefixLen;
    byte a;
    byte b;
    byte c;
    byte d;
  }

  static Prefix prefix(int len, int a, int b, int c, int d) {
    Prefix p = new Prefix();
    p.prefixLen = len;
    p.a = (byte) a;
    p.b = (byte) b;
    p.c = (byte) c;
    p.d = (byte) d;
    return p;
  }

  @Test
  void longestPrefixWinsFromBpfAndFromJava() {
    try (BpfObject obj = Corpus.load("LpmRoutes");
        MapHandle<Prefix, Integer> routes = obj.map("routes", Prefix.class, Integer.class)) {
      routes.put(prefix(8, 10, 0, 0, 0), 1);
      routes.put(prefix(16, 10, 1, 0, 0), 2);
      byte[] big = Packet.udpFrame(114);
      int bigLen = Packet.networkLength(big);
      routes.put(prefix(24, 10, 1, bigLen, 0), 3);

      assertEquals(3, obj.program("route").testRun(big, 1).retval(), "10.1." + bigLen + ".7");
      byte[] small = Packet.udpFrame(90);
      assertEquals(2, obj.program("route").testRun(small, 1).retval(), "10.1.x.7");

      assertEquals(3, routes.get(prefix(32, 10, 1, bigLen, 9)));
      assertEquals(2, routes.get(prefix(32, 10, 1, 200, 9)));
      assertEquals(1, routes.get(prefix(32, 10, 2, 3, 4)));
      assertNull(routes.get(prefix(32, 11, 1, 1, 1)));
      assertEquals(2, routes.get(prefix(20, 10, 1, bigLen, 0)), "a /20 query sees up to /16");

      routes.delete(prefix(16, 10, 1, 0, 0));
      assertEquals(1, obj.program("route").testRun(small, 1).retval(), "after deleting the /16");
      routes.delete(prefix(8, 10, 0, 0, 0));
      assertEquals(0, obj.program("route").testRun(small, 1).retval(), "no route");
    }
  }

  @Test
  void bpftoolLoadsTheTrieWithNoPrealloc() {
    var object = Corpus.compile("LpmRoutes");
    try (PinDir pins = PinDir.create()) {
      Tools.run(
              KernelAssumptions.requireTool("bpftool"),
              "prog",
              "loadall",
              object,
              pins.path(),
              "pinmaps",
              pins.resolve("maps"))
          .assertSuccess();
      Tools.Result show =
          Tools.run(
                  KernelAssumptions.requireTool("bpftool"),
                  "map",
                  "show",
                  "pinned",
                  pins.resolve("maps").resolve("routes"))
              .assertSuccess();
      assertTrue(show.stdout().contains("lpm_trie"), show.describe());
      assertTrue(show.stdout().contains("flags 0x1"), show.describe());
      assertTrue(show.stdout().contains("key 8B  value 4B"), show.describe());
    }
  }
}
