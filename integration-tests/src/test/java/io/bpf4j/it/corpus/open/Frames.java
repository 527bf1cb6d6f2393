package io.bpf4j.it.corpus.open;

import io.bpf4j.it.corpus.Packet;
import java.io.ByteArrayOutputStream;

/**
 * Frames for the open corpus, built from the outside in: each method puts its header in front of
 * the bytes it is given ({@code eth(ETH_P_IP, ipv4(IPPROTO_TCP, tcp(1, 80, payload(10))))}), with
 * lengths and the IPv4 header checksum filled in. Unlike {@link Packet} it also builds VLAN tags,
 * IPv6, IPv4 options and fragments, tunnels (IPIP, IPv6-in-IPv6, GRE) and TCP checksums.
 */
final class Frames {
  private Frames() {}

  static final int ETH_P_IP = 0x0800;
  static final int ETH_P_IPV6 = 0x86DD;
  static final int ETH_P_ARP = 0x0806;
  static final int ETH_P_8021Q = 0x8100;
  static final int ETH_P_8021AD = 0x88A8;
  static final int IPPROTO_ICMP = 1;
  static final int IPPROTO_IPIP = 4;
  static final int IPPROTO_TCP = 6;
  static final int IPPROTO_UDP = 17;
  static final int IPPROTO_IPV6 = 41;
  static final int IPPROTO_GRE = 47;
  static final int IP_DF = 0x4000;
  static final int IP_MF = 0x2000;

  static final String SRC_MAC = "02:00:00:00:00:01";
  static final String DST_MAC = "00:00:00:00:00:00"; // loopback's: PACKET_HOST

  /** Ethernet from {@value #SRC_MAC} to {@value #DST_MAC}. */
  static byte[] eth(int type, byte[] rest) {
    return cat(Packet.mac(DST_MAC), Packet.mac(SRC_MAC), u16(type), rest);
  }

  /** A VLAN tag (TCI, then the encapsulated EtherType), to follow an 802.1Q/802.1ad EtherType. */
  static byte[] vlan(int tci, int type, byte[] rest) {
    return cat(u16(tci), u16(type), rest);
  }

  /** IPv4, 10.0.0.1 to 10.0.0.2, DF, TTL 64, no options. */
  static byte[] ipv4(int protocol, byte[] rest) {
    return ipv4(5, protocol, IP_DF, "10.0.0.1", "10.0.0.2", rest);
  }

  static byte[] ipv4(String src, String dst, int protocol, byte[] rest) {
    return ipv4(5, protocol, IP_DF, src, dst, rest);
  }

  /** IPv4 with {@code ihl} 32-bit words of header (options NOPs), fragment word {@code frag}. */
  static byte[] ipv4(int ihl, int protocol, int frag, String src, String dst, byte[] rest) {
    byte[] h = new byte[ihl * 4];
    h[0] = (byte) (0x40 | ihl);
    int total = h.length + rest.length;
    put16(h, 2, total);
    put16(h, 4, 0x1234);
    put16(h, 6, frag);
    h[8] = 64;
    h[9] = (byte) protocol;
    System.arraycopy(Packet.ip(src), 0, h, 12, 4);
    System.arraycopy(Packet.ip(dst), 0, h, 16, 4);
    for (int i = 20; i < h.length; i++) {
      h[i] = 1; // NOP
    }
    put16(h, 10, Packet.internetChecksum(h, 0, h.length));
    return cat(h, rest);
  }

  /** IPv6 from 2001:db8::1 to 2001:db8::{@code dstLast}. */
  static byte[] ipv6(int nexthdr, int dstLast, byte[] rest) {
    byte[] h = new byte[40];
    h[0] = 0x60;
    put16(h, 4, rest.length);
    h[6] = (byte) nexthdr;
    h[7] = 64;
    byte[] prefix = {0x20, 0x01, 0x0d, (byte) 0xb8};
    System.arraycopy(prefix, 0, h, 8, 4);
    h[23] = 1;
    System.arraycopy(prefix, 0, h, 24, 4);
    h[39] = (byte) dstLast;
    return cat(h, rest);
  }

  /** TCP (data offset 5, ACK), checksum 0 and urgent pointer {@code urg}. */
  static byte[] tcp(int sport, int dport, int urg, byte[] rest) {
    byte[] h = new byte[20];
    put16(h, 0, sport);
    put16(h, 2, dport);
    put32(h, 4, 1000);
    h[12] = 0x50;
    h[13] = 0x10;
    put16(h, 14, 65535);
    put16(h, 18, urg);
    return cat(h, rest);
  }

  static byte[] tcp(int sport, int dport, byte[] rest) {
    return tcp(sport, dport, 0, rest);
  }

  static byte[] udp(int sport, int dport, byte[] rest) {
    byte[] h = new byte[8];
    put16(h, 0, sport);
    put16(h, 2, dport);
    put16(h, 4, 8 + rest.length);
    return cat(h, rest);
  }

  /** A GRE header: flags/version word, protocol, then 4 bytes per optional field flagged. */
  static byte[] gre(int flags, int protocol, byte[] rest) {
    int optional = 0;
    for (int bit : new int[] {0x8000, 0x2000, 0x1000}) {
      optional += (flags & bit) != 0 ? 4 : 0;
    }
    byte[] h = new byte[4 + optional];
    put16(h, 0, flags);
    put16(h, 2, protocol);
    return cat(h, rest);
  }

  /** {@code n} bytes 0, 1, 2, ... (mod 256). */
  static byte[] payload(int n) {
    byte[] p = new byte[n];
    for (int i = 0; i < n; i++) {
      p[i] = (byte) i;
    }
    return p;
  }

  /**
   * The frame as a socket filter on a packet socket sees it (its data starts at the Ethernet
   * header): a test run shows a socket filter the bytes after the first 14, so this puts an outer
   * Ethernet header of the experimental EtherType (which the kernel does not check) in front.
   */
  static byte[] forSocketFilter(byte[] frame) {
    return eth(Packet.ETH_P_EXPERIMENTAL, frame);
  }

  /** The TCP checksum of an IPv4/TCP frame (IPv4 header at 14) computed and stored. */
  static byte[] withTcpChecksum(byte[] frame) {
    byte[] out = frame.clone();
    int ip = 14;
    int l4 = ip + (out[ip] & 0xf) * 4;
    int length = out.length - l4;
    out[l4 + 16] = 0;
    out[l4 + 17] = 0;
    put16(out, l4 + 16, tcpChecksum(out, ip, l4, length));
    return out;
  }

  /**
   * The checksum over the IPv4 pseudo header and the TCP segment: 0 when the stored one is right.
   */
  static int tcpChecksum(byte[] frame, int ip, int l4, int length) {
    byte[] sum = new byte[12 + length];
    System.arraycopy(frame, ip + 12, sum, 0, 8);
    sum[9] = (byte) IPPROTO_TCP;
    put16(sum, 10, length);
    System.arraycopy(frame, l4, sum, 12, length);
    return Packet.internetChecksum(sum, 0, sum.length);
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] u16(int v) {
    return new byte[] {(byte) (v >> 8), (byte) v};
  }

  static void put16(byte[] b, int off, int v) {
    b[off] = (byte) (v >> 8);
    b[off + 1] = (byte) v;
  }

  static void put32(byte[] b, int off, int v) {
    put16(b, off, v >>> 16);
    put16(b, off + 2, v);
  }
}
