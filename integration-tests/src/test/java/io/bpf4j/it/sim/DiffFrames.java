package io.bpf4j.it.sim;

import io.bpf4j.it.corpus.Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The frames both sides run: those the corpus tests use (every protocol and length they try, IP
 * options, truncated headers, broadcast and multicast destinations, 802.3 length fields, frames the
 * kernel refuses) and seeded random frames, half of them well-formed, half arbitrary bytes.
 */
final class DiffFrames {
  private DiffFrames() {}

  static List<byte[]> corpusFrames() {
    List<byte[]> out = new ArrayList<>();
    for (int len : new int[] {42, 53, 54, 60, 61, 64, 70, 80, 90, 100, 200, 333, 1000}) {
      out.add(Packet.udpFrame(len));
    }
    for (int len : new int[] {54, 100, 200, 500, 1014, 1015, 1200, 1514}) {
      out.add(Packet.tcpFrame(len));
    }
    out.add(Packet.icmpFrame(98));
    for (int len : new int[] {54, 79, 100, 120, 200, 300, 333, 2000}) {
      out.add(Packet.rawFrame(Packet.ETH_P_IPV6, len));
    }
    out.add(Packet.rawFrame(Packet.ETH_P_ARP, 42));
    out.add(Packet.rawFrame(Packet.ETH_P_ARP, 60));
    for (int len : new int[] {14, 15, 20, 33, 60}) {
      out.add(Packet.rawFrame(Packet.ETH_P_EXPERIMENTAL, len));
    }
    out.add(Packet.rawFrame(0xABCD, 270));
    out.add(Packet.rawFrame(0x88CC, 60));
    out.add(Packet.rawFrame(0x88A8, 300));
    out.add(Packet.rawFrame(0x8100, 64));
    out.add(withIpOptions(Packet.udpFrame(60)));
    out.add(withIpOptions(Packet.tcpFrame(100)));
    out.add(Arrays.copyOf(Packet.udpFrame(60), 36)); // the UDP header cut short
    out.add(
        Packet.ethernet()
            .dstMac("ff:ff:ff:ff:ff:ff")
            .ipv4("10.0.0.1", "10.0.0.255")
            .udp(68, 67)
            .payload(20)
            .build());
    out.add(
        Packet.ethernet()
            .dstMac("01:00:5e:00:00:fb")
            .ipv4("10.0.0.1", "224.0.0.251")
            .udp(5353, 5353)
            .payload(30)
            .build());
    out.add(
        Packet.ethernet()
            .dstMac("02:00:00:00:00:09")
            .ipv4("192.168.1.7", "10.0.0.2")
            .tcp(22, 40000)
            .tcpFlags(0x02)
            .build());
    out.add(
        Packet.ethernet()
            .ipv4("10.0.0.1", "10.0.0.2")
            .ttl(1)
            .tos(0xb8)
            .ipId(0)
            .icmpEcho(1, 9)
            .payload(56)
            .build());
    // 802.3 length fields: 802.2 LLC, and raw 802.3 (IPX, whose payload starts with 0xFFFF).
    out.add(Packet.rawFrame(0x0040, 60));
    byte[] ipx = Packet.rawFrame(0x0040, 60);
    ipx[14] = (byte) 0xff;
    ipx[15] = (byte) 0xff;
    out.add(ipx);
    // Refused by BPF_PROG_TEST_RUN (EINVAL) for skb programs, or for all.
    out.add(Packet.rawFrame(Packet.ETH_P_IP, 33));
    out.add(Packet.rawFrame(Packet.ETH_P_IPV6, 53));
    out.add(new byte[13]);
    return out;
  }

  /** {@code count} random frames from {@code seed}, at most {@code maxLength} bytes long. */
  static List<byte[]> randomFrames(long seed, int count, int maxLength) {
    Random r = new Random(seed);
    List<byte[]> out = new ArrayList<>();
    String[] macs = {
      "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "01:00:5e:7f:00:01", "02:aa:bb:cc:dd:ee"
    };
    for (int i = 0; i < count; i++) {
      int kind = r.nextInt(4);
      if (kind <= 1) {
        Packet p =
            Packet.ethernet()
                .dstMac(macs[r.nextInt(macs.length)])
                .ipv4(ip(r), ip(r))
                .ttl(r.nextInt(256))
                .tos(r.nextInt(256))
                .ipId(r.nextInt(65536));
        switch (r.nextInt(3)) {
          case 0 -> p.udp(r.nextInt(65536), r.nextInt(65536));
          case 1 -> p.tcp(r.nextInt(65536), r.nextInt(65536)).tcpFlags(r.nextInt(256));
          default -> p.icmpEcho(r.nextInt(65536), r.nextInt(65536));
        }
        byte[] payload = new byte[r.nextInt(Math.max(1, maxLength - 60))];
        r.nextBytes(payload);
        out.add(p.payload(payload).build());
      } else if (kind == 2) {
        int[] types = {
          Packet.ETH_P_IPV6,
          Packet.ETH_P_ARP,
          Packet.ETH_P_EXPERIMENTAL,
          0x0600 + r.nextInt(0xfa00),
          r.nextInt(0x600)
        };
        int type = types[r.nextInt(types.length)];
        int min = type == Packet.ETH_P_IPV6 ? 54 : 14;
        byte[] f = Packet.rawFrame(type, min + r.nextInt(maxLength - min));
        for (int b = 14; b < f.length; b++) {
          f[b] = (byte) r.nextInt(256);
        }
        out.add(f);
      } else {
        byte[] f = new byte[14 + r.nextInt(maxLength - 14)];
        r.nextBytes(f);
        out.add(f);
      }
    }
    return out;
  }

  private static String ip(Random r) {
    return (1 + r.nextInt(223))
        + "."
        + r.nextInt(256)
        + "."
        + r.nextInt(256)
        + "."
        + r.nextInt(256);
  }

  /**
   * An IPv4 frame with 4 bytes of IP options (three NOPs and an end-of-options) after its 20-byte
   * header: IHL 6, total length and checksum adjusted.
   */
  static byte[] withIpOptions(byte[] frame) {
    int ip = Packet.ETH_HLEN;
    byte[] out = new byte[frame.length + 4];
    System.arraycopy(frame, 0, out, 0, ip + 20);
    out[ip + 20] = 1;
    out[ip + 21] = 1;
    out[ip + 22] = 1;
    System.arraycopy(frame, ip + 20, out, ip + 24, frame.length - ip - 20);
    out[ip] = 0x46;
    int total = Packet.u16(frame, ip + 2) + 4;
    out[ip + 2] = (byte) (total >> 8);
    out[ip + 3] = (byte) total;
    out[ip + 10] = 0;
    out[ip + 11] = 0;
    int sum = Packet.internetChecksum(out, ip, 24);
    out[ip + 10] = (byte) (sum >> 8);
    out[ip + 11] = (byte) sum;
    return out;
  }
}
