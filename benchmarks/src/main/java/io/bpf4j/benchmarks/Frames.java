package io.bpf4j.benchmarks;

import java.io.ByteArrayOutputStream;

/**
 * Ethernet + IPv4 + UDP/TCP/ICMP test frames for {@code BPF_PROG_TEST_RUN}, the shapes the classic
 * integration tests use (integration-tests' {@code Packet}): destination MAC 00:00:00:00:00:00
 * (loopback's own, so {@code pkt_type} is PACKET_HOST), 10.0.0.1 to 10.0.0.2, a 20-byte IPv4 header
 * with a valid checksum, UDP 5000 to 53 or TCP 40000 to 443, payload bytes 0, 1, 2, ...
 */
final class Frames {
  static final int ETH_HLEN = 14;
  static final int IPPROTO_ICMP = 1;
  static final int IPPROTO_TCP = 6;
  static final int IPPROTO_UDP = 17;

  private Frames() {}

  /** An IPv4/UDP frame (10.0.0.1:5000 to 10.0.0.2:53) of exactly {@code length} bytes. */
  static byte[] udp(int length) {
    return udp(length, 53);
  }

  /**
   * An IPv4/UDP frame (10.0.0.1:5000 to 10.0.0.2:{@code port}) of {@code length} bytes; its UDP
   * checksum is 0 (none).
   */
  static byte[] udp(int length, int port) {
    byte[] l4 = new byte[length - ETH_HLEN - 20];
    put16(l4, 0, 5000);
    put16(l4, 2, port);
    put16(l4, 4, l4.length);
    fillPayload(l4, 8);
    return frame(IPPROTO_UDP, l4);
  }

  /** As {@link #udp(int, int)}, with a valid UDP checksum (over the pseudo header). */
  static byte[] udpWithChecksum(int length, int port) {
    byte[] f = udp(length, port);
    int l4Length = length - ETH_HLEN - 20;
    byte[] pseudo = new byte[12 + l4Length];
    System.arraycopy(f, ETH_HLEN + 12, pseudo, 0, 8); // source and destination addresses
    pseudo[9] = IPPROTO_UDP;
    put16(pseudo, 10, l4Length);
    System.arraycopy(f, ETH_HLEN + 20, pseudo, 12, l4Length);
    int sum = checksum(pseudo, 0, pseudo.length);
    put16(f, ETH_HLEN + 20 + 6, sum == 0 ? 0xffff : sum);
    return f;
  }

  /** An IPv4/TCP frame (10.0.0.1:40000 to 10.0.0.2:443, PSH|ACK) of exactly {@code length}. */
  static byte[] tcp(int length) {
    byte[] l4 = new byte[length - ETH_HLEN - 20];
    put16(l4, 0, 40000);
    put16(l4, 2, 443);
    put16(l4, 4, 0);
    put16(l4, 6, 1000); // seq
    l4[12] = 5 << 4; // data offset: 5 words
    l4[13] = 0x18; // PSH|ACK
    put16(l4, 14, 65535); // window
    fillPayload(l4, 20);
    return frame(IPPROTO_TCP, l4);
  }

  /** An IPv4 ICMP echo request (id 7, seq 1) of exactly {@code length} bytes. */
  static byte[] icmp(int length) {
    byte[] l4 = new byte[length - ETH_HLEN - 20];
    l4[0] = 8;
    put16(l4, 4, 7);
    put16(l4, 6, 1);
    fillPayload(l4, 8);
    put16(l4, 2, checksum(l4, 0, l4.length));
    return frame(IPPROTO_ICMP, l4);
  }

  private static byte[] frame(int protocol, byte[] l4) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[6]); // dst 00:00:00:00:00:00
    out.writeBytes(new byte[] {2, 0, 0, 0, 0, 1}); // src 02:00:00:00:00:01
    out.write(0x08);
    out.write(0x00); // ETH_P_IP
    byte[] ip = new byte[20];
    ip[0] = 0x45;
    put16(ip, 2, 20 + l4.length);
    put16(ip, 4, 0x1234);
    ip[6] = 0x40; // DF
    ip[8] = 64;
    ip[9] = (byte) protocol;
    System.arraycopy(new byte[] {10, 0, 0, 1}, 0, ip, 12, 4);
    System.arraycopy(new byte[] {10, 0, 0, 2}, 0, ip, 16, 4);
    put16(ip, 10, checksum(ip, 0, 20));
    out.writeBytes(ip);
    out.writeBytes(l4);
    return out.toByteArray();
  }

  private static void fillPayload(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      b[i] = (byte) (i - from);
    }
  }

  private static void put16(byte[] b, int at, int v) {
    b[at] = (byte) (v >> 8);
    b[at + 1] = (byte) v;
  }

  /** RFC 1071 internet checksum of big-endian 16-bit words. */
  private static int checksum(byte[] data, int offset, int length) {
    long sum = 0;
    for (int i = 0; i < length; i += 2) {
      int hi = data[offset + i] & 0xff;
      int lo = i + 1 < length ? data[offset + i + 1] & 0xff : 0;
      sum += (hi << 8) | lo;
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (int) (~sum & 0xffff);
  }
}
