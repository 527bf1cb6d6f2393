package io.bpf4j.testing;

/**
 * Ethernet + IPv4 + UDP/TCP frames with valid checksums, and a checker, for tests of programs that
 * rewrite packets: build a frame, run the program (simulated or {@code BPF_PROG_TEST_RUN}), then
 * assert {@link #checksumsValid} on the output.
 */
public final class Ipv4Frames {
  public static final int ETH_HLEN = 14;
  public static final int IP_HLEN = 20;
  public static final int PROTO_TCP = 6;
  public static final int PROTO_UDP = 17;

  /** Where the L4 header starts in a frame built here. */
  public static final int L4_OFFSET = ETH_HLEN + IP_HLEN;

  private Ipv4Frames() {}

  /**
   * A UDP datagram {@code src:srcPort -> dst:dstPort} carrying {@code payload}, from MAC {@code
   * 02:00:00:00:00:01} to {@code 02:00:00:00:00:02}; addresses as big-endian ints ({@code
   * 0x0a000001} is 10.0.0.1).
   */
  public static byte[] udp(int src, int srcPort, int dst, int dstPort, byte[] payload) {
    byte[] f = ipv4(src, dst, PROTO_UDP, 8 + payload.length);
    int l4 = L4_OFFSET;
    put16(f, l4, srcPort);
    put16(f, l4 + 2, dstPort);
    put16(f, l4 + 4, 8 + payload.length);
    System.arraycopy(payload, 0, f, l4 + 8, payload.length);
    int sum = l4Checksum(f, PROTO_UDP);
    put16(f, l4 + 6, sum == 0 ? 0xffff : sum);
    return f;
  }

  /** A TCP segment (a 20-byte header, flags ACK|PSH) carrying {@code payload}. */
  public static byte[] tcp(int src, int srcPort, int dst, int dstPort, byte[] payload) {
    byte[] f = ipv4(src, dst, PROTO_TCP, 20 + payload.length);
    int l4 = L4_OFFSET;
    put16(f, l4, srcPort);
    put16(f, l4 + 2, dstPort);
    put32(f, l4 + 4, 0x01020304);
    put32(f, l4 + 8, 0x0a0b0c0d);
    f[l4 + 12] = 0x50;
    f[l4 + 13] = 0x18;
    put16(f, l4 + 14, 65535);
    System.arraycopy(payload, 0, f, l4 + 20, payload.length);
    put16(f, l4 + 16, l4Checksum(f, PROTO_TCP));
    return f;
  }

  private static byte[] ipv4(int src, int dst, int proto, int l4Length) {
    byte[] f = new byte[L4_OFFSET + l4Length];
    byte[] dstMac = {2, 0, 0, 0, 0, 2};
    byte[] srcMac = {2, 0, 0, 0, 0, 1};
    System.arraycopy(dstMac, 0, f, 0, 6);
    System.arraycopy(srcMac, 0, f, 6, 6);
    put16(f, 12, 0x0800);
    f[14] = 0x45;
    put16(f, 16, IP_HLEN + l4Length);
    put16(f, 18, 0x1234);
    put16(f, 20, 0x4000);
    f[22] = 64;
    f[23] = (byte) proto;
    put32(f, 26, src);
    put32(f, 30, dst);
    put16(f, 24, ipChecksum(f));
    return f;
  }

  /**
   * Whether the IPv4 header checksum and the UDP or TCP checksum (over the pseudo header) of an
   * Ethernet frame hold; a UDP checksum of 0 (none) counts as valid.
   */
  public static boolean checksumsValid(byte[] frame) {
    if (sum(frame, ETH_HLEN, IP_HLEN, 0) != 0xffff) {
      return false;
    }
    int proto = frame[23] & 0xff;
    int check = L4_OFFSET + (proto == PROTO_UDP ? 6 : 16);
    if (proto == PROTO_UDP && get16(frame, check) == 0) {
      return true;
    }
    return l4Sum(frame, proto) == 0xffff;
  }

  /** The IPv4 header checksum to store at offset 24 (computed with the field as it is, zero). */
  static int ipChecksum(byte[] f) {
    return ~sum(f, ETH_HLEN, IP_HLEN, 0) & 0xffff;
  }

  /** The L4 checksum to store in a frame whose checksum field is 0. */
  private static int l4Checksum(byte[] f, int proto) {
    return ~l4Sum(f, proto) & 0xffff;
  }

  /** The one's-complement sum of the pseudo header and the L4 bytes of {@code f}. */
  private static int l4Sum(byte[] f, int proto) {
    int l4Length = get16(f, 16) - IP_HLEN;
    int pseudo = get16(f, 26) + get16(f, 28) + get16(f, 30) + get16(f, 32) + proto + l4Length;
    return sum(f, L4_OFFSET, l4Length, pseudo);
  }

  /** RFC 1071's sum of {@code length} bytes at {@code off}, plus {@code initial}, folded. */
  private static int sum(byte[] f, int off, int length, int initial) {
    long s = initial;
    for (int i = 0; i < length; i += 2) {
      int hi = f[off + i] & 0xff;
      int lo = i + 1 < length ? f[off + i + 1] & 0xff : 0;
      s += (hi << 8) | lo;
    }
    while ((s >>> 16) != 0) {
      s = (s & 0xffff) + (s >>> 16);
    }
    return (int) s;
  }

  public static int get16(byte[] f, int off) {
    return ((f[off] & 0xff) << 8) | (f[off + 1] & 0xff);
  }

  public static int get32(byte[] f, int off) {
    return (get16(f, off) << 16) | get16(f, off + 2);
  }

  static void put16(byte[] f, int off, int v) {
    f[off] = (byte) (v >>> 8);
    f[off + 1] = (byte) v;
  }

  static void put32(byte[] f, int off, int v) {
    put16(f, off, v >>> 16);
    put16(f, off + 2, v);
  }
}
