package io.bpf4j.processor;

import static io.bpf4j.processor.DiagnosticsTest.assertCompiles;
import static io.bpf4j.processor.DiagnosticsTest.assertError;
import static io.bpf4j.processor.DiagnosticsTest.program;
import static io.bpf4j.processor.DiagnosticsTest.socket;

import io.bpf4j.processor.diag.LoaderMessages;
import io.bpf4j.processor.diag.Messages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Diagnostics of packet writes, checksum helpers, redirects and the redirect map kinds. */
class PacketWriteDiagnosticsTest {
  @Test
  void storeInASocketFilterIsRefused() {
    assertError(
        Messages.packetReadOnly("storeHalf", "socket"),
        socket(
            """
            skb.storeHalf(0, 1); // <-
            return 0;
            """));
  }

  @Test
  void storeBytesInCgroupSkbIsRefused() {
    assertError(
        Messages.packetReadOnly("storeBytes", "cgroup_skb/ingress"),
        program(
            """
            @Section("cgroup_skb/ingress")
            public static int f(SkBuff skb) {
              byte[] b = new byte[4];
              skb.storeBytes(0, b); // <-
              return 1;
            }
            """));
  }

  @Test
  void checksumFixInASocketFilterIsRefused() {
    assertError(
        Messages.packetReadOnly("l4CsumReplace", "socket"),
        socket(
            """
            skb.l4CsumReplace(40, 1, 2, 2); // <-
            return 0;
            """));
  }

  @Test
  void storeInAMethodASocketFilterCallsIsRefusedOnItsLine() {
    // Too large to inline: a called function, checked against the program that reaches it.
    assertError(
        Messages.packetReadOnly("bpf_skb_store_bytes", "socket"),
        program(
            """
            static int put(SkBuff skb, int v) {
              skb.storeWord(0, v); // <-
            """
                + "  v = v * 3 + skb.len();\n".repeat(30)
                + """
              return v + 1;
            }

            @Section("socket")
            public static int f(SkBuff skb) {
              int a = put(skb, skb.len());
              int b = put(skb, a * 3);
              int c = put(skb, b * 5);
              return put(skb, c * 7);
            }
            """));
  }

  @Test
  void checksumFieldSizeMustBeConstant() {
    assertError(
        Messages.csumFieldSize("l3CsumReplace"),
        program(
            """
            @Section("tc")
            public static int f(SkBuff skb) {
              int size = skb.len() & 4;
              skb.l3CsumReplace(24, 1, 2, size); // <-
              return 0;
            }
            """));
  }

  @Test
  void checksumFieldSizeMustBeTwoOrFour() {
    assertError(
        Messages.csumFieldSize("l4CsumReplace"),
        program(
            """
            @Section("tc")
            public static int f(SkBuff skb) {
              skb.l4CsumReplace(40, 1, 2, 3 | SkBuff.F_PSEUDO_HDR); // <-
              return 0;
            }
            """));
  }

  @Test
  void csumDiffArraysAreWords() {
    assertError(
        Messages.csumDiffArray("to"),
        program(
            """
            @Section("xdp")
            public static int f(XdpMd ctx) {
              byte[] from = new byte[4];
              byte[] to = new byte[6];
              return (int) Bpf.csumDiff(from, to, 0); // <-
            }
            """));
  }

  @Test
  void redirectNeedsARedirectMap() {
    assertError(
        Messages.redirectMapType("targets", "HASH"),
        program(
            """
            @Map(type = MapType.HASH, maxEntries = 4)
            static BpfMap<Integer, Integer> targets;

            @Section("xdp")
            public static int f(XdpMd ctx) {
              return targets.redirect(0, Xdp.PASS); // <-
            }
            """));
  }

  @Test
  void devmapValueIsAnIfindexOrAnIfindexAndProgram() {
    assertError(
        LoaderMessages.valueSize(
            "ports",
            "DEVMAP",
            12,
            "4-byte values (an ifindex) or 8-byte @Struct {int ifindex; int progFd}"),
        program(
            """
            @Map(type = MapType.DEVMAP, maxEntries = 4)
            static BpfMap<Integer, Target> ports; // <-

            @Struct
            public static final class Target {
              public int ifindex;
              public int progFd;
              public int extra;
            }

            @Section("xdp")
            public static int f(XdpMd ctx) {
              return ports.redirect(0, Xdp.PASS);
            }
            """));
  }

  @Test
  void xskmapValueIsASocket() {
    assertError(
        LoaderMessages.valueSize(
            "sockets", "XSKMAP", 8, "4-byte values (AF_XDP socket file descriptors)"),
        program(
            """
            @Map(type = MapType.XSKMAP, maxEntries = 4)
            static BpfMap<Integer, Long> sockets; // <-

            @Section("xdp")
            public static int f(XdpMd ctx) {
              return sockets.redirect(ctx.rxQueueIndex(), Xdp.PASS);
            }
            """));
  }

  @Test
  void writesChecksumsRedirectsAndOnFaultCompile() {
    assertCompiles(
        List.of("p.Prog"),
        program(
                """
            @Map(type = MapType.DEVMAP_HASH, maxEntries = 4)
            static BpfMap<Integer, Target> ports;

            @Map(type = MapType.CPUMAP, maxEntries = 4)
            static BpfMap<Integer, Integer> cpus;

            @Struct
            public static final class Target {
              public int ifindex;
              public int progFd;
            }

            @Section(value = "xdp", onFault = Xdp.PASS)
            public static int x(XdpMd ctx) {
              int off = ctx.loadByte(14) & 15;
              ctx.storeWord(off, ctx.loadWord(off) + 1);
              if (ctx.adjustTail(-4) != 0 || ctx.adjustMeta(-4) != 0) {
                return Xdp.DROP;
              }
              if (ctx.length() > 100) {
                return cpus.redirect(0, Xdp.PASS);
              }
              return ports.redirect(ctx.ingressIfindex(), Xdp.PASS);
            }

            @Section("tcx/ingress")
            public static int t(SkBuff skb) {
              byte[] mac = new byte[6];
              skb.storeBytes(0, mac);
              skb.storeByte(22, skb.loadByte(22) - 1);
              if (skb.changeTail(skb.len() + 4, 0) != 0 || skb.changeHead(14, 0) != 0) {
                return Tc.ACT_SHOT;
              }
              return skb.adjustRoom(8, SkBuff.ADJ_ROOM_NET, 0);
            }
            """)
            .file());
  }
}
