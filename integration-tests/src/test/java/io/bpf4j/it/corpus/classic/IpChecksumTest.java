package io.bpf4j.it.corpus.classic;

import io.bpf4j.it.corpus.Expect;
import io.bpf4j.it.corpus.Packet;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The internet checksum of the IPv4 header (corpus/classic/IpChecksum.java against
 * c/classic/ip_checksum.c), a socket filter: its data starts at the network header. Each program
 * returns the checksum of the first 20 network bytes with the checksum field cleared, computed here
 * with {@link Packet#internetChecksum}, and tallies right (slot 0) and wrong (slot 1) stored
 * checksums; a packet shorter than 20 bytes returns bpf_skb_load_bytes' -EFAULT.
 */
class IpChecksumTest {

  static final class Tally {
    long headers;
  }

  record Run(String what, byte[] frame) {}

  @Test
  void checksumsTheIpv4HeaderLikeTheCVersion() {
    List<Run> runs = new ArrayList<>();
    runs.add(new Run("UDP 60", Packet.udpFrame(60)));
    runs.add(new Run("TCP 1514", Packet.tcpFrame(1514)));
    runs.add(new Run("ICMP 98", Packet.icmpFrame(98)));
    runs.add(
        new Run(
            "UDP with TTL 1, TOS 0xb8, id 0xffff, high addresses",
            Packet.ethernet()
                .ipv4("255.255.255.254", "254.253.252.251")
                .ttl(1)
                .tos(0xb8)
                .ipId(0xffff)
                .udp(65535, 65535)
                .payload(1400)
                .build()));
    runs.add(
        new Run(
            "TCP from 0.0.0.0, id 0",
            Packet.ethernet().ipv4("0.0.0.0", "10.0.0.1").ipId(0).tcp(1, 1).build()));
    byte[] corrupt = Packet.udpFrame(70);
    corrupt[Packet.ETH_HLEN + 11] ^= 0x5a;
    runs.add(new Run("UDP with a corrupted checksum", corrupt));
    Random random = new Random(20261125L);
    for (int i = 0; i < 12; i++) {
      byte[] frame = Packet.udpFrame(60 + random.nextInt(200));
      byte[] header = new byte[20];
      random.nextBytes(header);
      header[0] = 0x45;
      System.arraycopy(header, 0, frame, Packet.ETH_HLEN, 20);
      if (i % 2 == 0) { // half of them with the right checksum
        frame[Packet.ETH_HLEN + 10] = 0;
        frame[Packet.ETH_HLEN + 11] = 0;
        int sum = Packet.internetChecksum(frame, Packet.ETH_HLEN, 20);
        frame[Packet.ETH_HLEN + 10] = (byte) (sum >> 8);
        frame[Packet.ETH_HLEN + 11] = (byte) sum;
      }
      runs.add(new Run("random IPv4 header #" + i, frame));
    }
    runs.add(new Run("IPv6 100 (its first 20 bytes)", Packet.rawFrame(Packet.ETH_P_IPV6, 100)));
    runs.add(new Run("ARP 42 (28 network bytes)", Packet.rawFrame(Packet.ETH_P_ARP, 42)));
    runs.add(
        new Run(
            "19 network bytes: loadBytes fails", Packet.rawFrame(Packet.ETH_P_EXPERIMENTAL, 33)));
    runs.add(new Run("no network bytes", Packet.rawFrame(Packet.ETH_P_EXPERIMENTAL, 14)));

    long[] tally = new long[2];
    Expect expect = new Expect("classic/IpChecksum");
    try (BpfObject java = Classic.java("IpChecksum");
        BpfObject c = Classic.c("ip_checksum");
        MapHandle<Integer, Tally> javaTally = java.map("tally", Integer.class, Tally.class);
        MapHandle<Integer, Tally> cTally = c.map("tally", Integer.class, Tally.class)) {
      for (Run run : runs) {
        byte[] frame = run.frame();
        int ret;
        if (Packet.networkLength(frame) < 20) {
          ret = -Errno.EFAULT;
        } else {
          byte[] header = Arrays.copyOfRange(frame, Packet.ETH_HLEN, Packet.ETH_HLEN + 20);
          int stored = Packet.u16(header, 10);
          header[10] = 0;
          header[11] = 0;
          ret = Packet.internetChecksum(header, 0, 20);
          tally[ret == stored ? 0 : 1]++;
        }
        int javaRet = java.program("checksum").testRun(frame, 1).retval();
        int cRet = c.program("checksum").testRun(frame, 1).retval();
        expect.equal(cRet, javaRet, run.what() + ": Java's return value against C's");
        expect.equal(ret, javaRet, run.what() + ": Java's checksum");
        expect.equal(ret, cRet, run.what() + ": C's checksum");
      }
      Map<Integer, Long> want = Map.of(0, tally[0], 1, tally[1]);
      Map<Integer, Long> javaTable = counts(javaTally);
      Map<Integer, Long> cTable = counts(cTally);
      expect.equal(cTable, javaTable, "Java's tally against C's");
      expect.equal(new TreeMap<>(want), javaTable, "Java's tally (0 right, 1 wrong)");
      expect.equal(new TreeMap<>(want), cTable, "C's tally (0 right, 1 wrong)");
    }
    expect.verify();
  }

  private static Map<Integer, Long> counts(MapHandle<Integer, Tally> map) {
    Map<Integer, Long> out = new TreeMap<>();
    map.entries().forEach((k, v) -> out.put(k, v.headers));
    return out;
  }
}
