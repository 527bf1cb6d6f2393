package io.bpf4j.it.corpus.classic;

import io.bpf4j.it.Json;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.PinDir;
import io.bpf4j.it.Tools;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.it.corpus.Expect;
import io.bpf4j.it.corpus.Packet;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The tail-call dispatcher (corpus/classic/Dispatcher.java against c/classic/dispatcher.c): the
 * socket program classifies in a BPF-to-BPF call and tail-calls into the per-protocol programs that
 * the objects place in the prog array themselves ({@code @TailCallTarget} in Java, libbpf's {@code
 * values} in C; the runtime fills both). The tests never touch the prog array: a packet reaching
 * its protocol's program shows in the return value (TCP/UDP: destination port, ICMP: 0x100 + type)
 * and in {@code counts[protocol]}; one with an empty slot in {@code counts[0]}.
 */
class DispatcherTest {
  static final class Count {
    long packets;
    long bytes;
  }

  record Run(String what, byte[] frame, int repeat) {}

  @Test
  void dispatchesByProtocolLikeTheCVersion() {
    List<Run> runs =
        List.of(
            new Run("TCP to 443", Packet.tcpFrame(100), 1),
            new Run("UDP to 53 x2", Packet.udpFrame(60), 2),
            new Run("ICMP echo request", Packet.icmpFrame(98), 1),
            new Run(
                "TCP to 8080 with IP options",
                Classic.withIpOptions(
                    Packet.ethernet().ipv4("10.0.0.1", "10.0.0.2").tcp(1234, 8080).build()),
                1),
            new Run(
                "UDP to 65535 with IP options x3",
                Classic.withIpOptions(
                    Packet.ethernet()
                        .ipv4("10.0.0.1", "10.0.0.2")
                        .udp(9, 65535)
                        .payload(3)
                        .build()),
                3),
            new Run(
                "IPv4 protocol 253: empty slot",
                Packet.ethernet().ipv4("10.0.0.1", "10.0.0.2").payload(40).build(),
                1),
            new Run("ARP: not IPv4, slot 0 is empty", Packet.rawFrame(Packet.ETH_P_ARP, 42), 1),
            new Run("IPv6: not IPv4", Packet.rawFrame(Packet.ETH_P_IPV6, 120), 2),
            new Run("TCP 1514", Packet.tcpFrame(1514), 1));
    long[][] expected = new long[256][2];
    Expect expect = new Expect("classic/Dispatcher");
    try (BpfObject java = Classic.java("Dispatcher");
        BpfObject c = Classic.c("dispatcher");
        MapHandle<Integer, Count> javaCounts = java.map("counts", Integer.class, Count.class);
        MapHandle<Integer, Count> cCounts = c.map("counts", Integer.class, Count.class)) {
      for (Run run : runs) {
        byte[] frame = run.frame();
        int ip = Packet.ETH_HLEN;
        int len = Packet.networkLength(frame);
        int proto = Packet.etherTypeOf(frame) == Packet.ETH_P_IP ? frame[ip + 9] & 0xff : 0;
        int l4 = ip + (frame[ip] & 0xf) * 4;
        int ret;
        int key;
        switch (proto) {
          case Packet.IPPROTO_TCP, Packet.IPPROTO_UDP -> {
            ret = Packet.u16(frame, l4 + 2);
            key = proto;
          }
          case Packet.IPPROTO_ICMP -> {
            ret = 0x100 + (frame[l4] & 0xff);
            key = proto;
          }
          default -> {
            ret = 0;
            key = 0;
          }
        }
        expected[key][0] += run.repeat();
        expected[key][1] += (long) len * run.repeat();
        int javaRet = java.program("dispatch").testRun(frame, run.repeat()).retval();
        int cRet = c.program("dispatch").testRun(frame, run.repeat()).retval();
        expect.equal(cRet, javaRet, run.what() + ": Java's return value against C's");
        expect.equal(ret, javaRet, run.what() + ": Java's return value");
        expect.equal(ret, cRet, run.what() + ": C's return value");
      }
      // The arrays' non-zero entries (the other slots of both must be zero).
      Map<Integer, String> want = new TreeMap<>();
      for (int k = 0; k < 256; k++) {
        if (expected[k][0] != 0) {
          want.put(k, "packets=" + expected[k][0] + " bytes=" + expected[k][1]);
        }
      }
      Map<Integer, String> javaTable = describe(javaCounts.entries());
      expect.equal(256, javaCounts.entries().size(), "Java's counts: entries of the array");
      expect.equal(256, cCounts.entries().size(), "C's counts: entries of the array");
      Map<Integer, String> cTable = describe(cCounts.entries());
      expect.equal(cTable, javaTable, "Java's counts against C's");
      expect.equal(want, javaTable, "Java's counts");
      expect.equal(want, cTable, "C's counts");
    }
    expect.verify();
  }

  /**
   * libbpf (through {@code bpftool prog loadall}) wires the same slots from both objects: the Java
   * object's {@code @TailCallTarget}s are written as libbpf's {@code values}, like the C object's.
   */
  @Test
  void libbpfFillsTheSameSlotsFromBothObjects() {
    Map<Integer, String> want = Map.of(1, "icmpProg", 6, "tcpProg", 17, "udpProg");
    Expect expect = new Expect("classic/Dispatcher under libbpf");
    expect.equal(
        new TreeMap<>(want),
        slotsUnderLibbpf(Corpus.compile("classic/Dispatcher")),
        "Java object: jmpTable slots after bpftool prog loadall");
    expect.equal(
        new TreeMap<>(want),
        slotsUnderLibbpf(Classic.cObject("dispatcher")),
        "C object: jmpTable slots after bpftool prog loadall");
    expect.verify();
  }

  /** Loads {@code object} with bpftool and returns jmpTable's slots as slot -> program name. */
  private static Map<Integer, String> slotsUnderLibbpf(Path object) {
    Path bpftool = KernelAssumptions.requireTool("bpftool");
    Map<Integer, String> slots = new TreeMap<>();
    try (PinDir pins = PinDir.create()) {
      Tools.run(bpftool, "prog", "loadall", object, pins.path(), "pinmaps", pins.resolve("maps"))
          .assertSuccess();
      Tools.Result dump =
          Tools.run(bpftool, "-j", "map", "dump", "pinned", pins.resolve("maps/jmpTable"))
              .assertSuccess();
      for (Object entry : (List<?>) Json.parse(dump.stdout())) {
        int slot = (int) littleEndian((List<?>) ((Map<?, ?>) entry).get("key"));
        long id = littleEndian((List<?>) ((Map<?, ?>) entry).get("value"));
        Tools.Result prog = Tools.run(bpftool, "-j", "prog", "show", "id", id).assertSuccess();
        slots.put(slot, String.valueOf(((Map<?, ?>) Json.parse(prog.stdout())).get("name")));
      }
    }
    return slots;
  }

  /** bpftool's {@code ["0x06","0x00",...]} as a little-endian number. */
  private static long littleEndian(List<?> bytes) {
    long v = 0;
    for (int i = bytes.size() - 1; i >= 0; i--) {
      v = (v << 8) | Long.decode(String.valueOf(bytes.get(i)));
    }
    return v;
  }

  private static Map<Integer, String> describe(Map<Integer, Count> entries) {
    Map<Integer, String> out = new TreeMap<>();
    entries.forEach(
        (k, v) -> {
          if (v.packets != 0 || v.bytes != 0) {
            out.put(k, "packets=" + v.packets + " bytes=" + v.bytes);
          }
        });
    return out;
  }
}
