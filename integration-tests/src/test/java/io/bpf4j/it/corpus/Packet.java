package io.bpf4j.it.corpus;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Builds test frames: Ethernet, then optionally IPv4 with TCP, UDP or ICMP echo, then payload.
 * Lengths, the IPv4 header checksum and the UDP/ICMP lengths are filled in; TCP/UDP checksums are
 * left 0 (nothing on the test-run path checks them).
 *
 * <p>How {@code BPF_PROG_TEST_RUN} shows a frame to each program type (checked by {@link
 * ContextViewTest} on the running kernel): the kernel builds an skb on the loopback device and runs
 * {@code eth_type_trans}, so
 *
 * <ul>
 *   <li>socket filters and cgroup_skb programs see {@code skb->len} = frame length - 14, their data
 *       starts at the network header;
 *   <li>tc / tcx programs (SCHED_CLS) see the whole frame, {@code skb->len} = frame length;
 *   <li>XDP programs see the whole frame, with {@code ingress_ifindex} = the loopback device's
 *       ifindex and {@code rx_queue_index} = 0;
 *   <li>the frame must hold at least the Ethernet header; for skb programs an IPv4 frame must also
 *       hold a 20-byte IPv4 header and an IPv6 frame a 40-byte IPv6 header, or the test run fails
 *       with EINVAL (use {@link #ETH_P_EXPERIMENTAL} for shorter frames);
 *   <li>for every skb program, {@code protocol} is the EtherType in network byte order, {@code
 *       ifindex} is loopback's, {@code ingress_ifindex}, {@code mark} and {@code priority} are 0,
 *       and {@code pkt_type} follows the destination MAC against loopback's all-zero address:
 *       00:00:00:00:00:00 is PACKET_HOST (0), any multicast address PACKET_MULTICAST (2), even
 *       ff:ff:ff:ff:ff:ff, because loopback's broadcast address is all-zero too (so
 *       PACKET_BROADCAST never occurs), anything else PACKET_OTHERHOST (3).
 * </ul>
 */
public final class Packet {
  public static final int ETH_HLEN = 14;
  public static final int ETH_P_IP = 0x0800;
  public static final int ETH_P_ARP = 0x0806;
  public static final int ETH_P_IPV6 = 0x86DD;

  /**
   * The IEEE 802 "local experimental" EtherType. For frames too short to hold an IP header: the
   * kernel's skb test run refuses (EINVAL) an IPv4 frame shorter than 34 bytes and an IPv6 frame
   * shorter than 54, while any other EtherType may be as short as the Ethernet header.
   */
  public static final int ETH_P_EXPERIMENTAL = 0x88B5;

  public static final int IPPROTO_ICMP = 1;
  public static final int IPPROTO_TCP = 6;
  public static final int IPPROTO_UDP = 17;

  public static final int PACKET_HOST = 0;
  public static final int PACKET_MULTICAST = 2;
  public static final int PACKET_OTHERHOST = 3;

  public static final byte[] MAC_ZERO = mac("00:00:00:00:00:00");
  public static final byte[] MAC_BROADCAST = mac("ff:ff:ff:ff:ff:ff");

  private byte[] dstMac = MAC_ZERO;
  private byte[] srcMac = mac("02:00:00:00:00:01");
  private int etherType = ETH_P_IP;
  private boolean ipv4;
  private byte[] srcIp = ip("10.0.0.1");
  private byte[] dstIp = ip("10.0.0.2");
  private int ttl = 64;
  private int tos;
  private int ipId = 0x1234;
  private int l4Protocol = -1;
  private int srcPort;
  private int dstPort;
  private int tcpFlags = 0x18; // PSH|ACK
  private int icmpId;
  private int icmpSeq;
  private byte[] payload = new byte[0];

  private Packet() {}

  /** An Ethernet frame to 00:00:00:00:00:00 (loopback's address, so PACKET_HOST), IPv4. */
  public static Packet ethernet() {
    return new Packet();
  }

  /** An IPv4/UDP frame (10.0.0.1:5000 to 10.0.0.2:53) of exactly {@code frameLength} bytes. */
  public static byte[] udpFrame(int frameLength) {
    return ethernet().ipv4("10.0.0.1", "10.0.0.2").udp(5000, 53).payload(frameLength - 42).build();
  }

  /** An IPv4/TCP frame (10.0.0.1:40000 to 10.0.0.2:443) of exactly {@code frameLength} bytes. */
  public static byte[] tcpFrame(int frameLength) {
    return ethernet()
        .ipv4("10.0.0.1", "10.0.0.2")
        .tcp(40000, 443)
        .payload(frameLength - 54)
        .build();
  }

  /** An IPv4 ICMP echo request of exactly {@code frameLength} bytes. */
  public static byte[] icmpFrame(int frameLength) {
    return ethernet().ipv4("10.0.0.1", "10.0.0.2").icmpEcho(7, 1).payload(frameLength - 42).build();
  }

  /** A frame of {@code frameLength} bytes with EtherType {@code type} and raw payload. */
  public static byte[] rawFrame(int type, int frameLength) {
    return ethernet().etherType(type).payload(frameLength - ETH_HLEN).build();
  }

  public Packet dstMac(String mac) {
    this.dstMac = mac(mac);
    return this;
  }

  public Packet srcMac(String mac) {
    this.srcMac = mac(mac);
    return this;
  }

  /** A frame with this EtherType and only raw payload after the Ethernet header. */
  public Packet etherType(int type) {
    this.etherType = type;
    this.ipv4 = false;
    return this;
  }

  public Packet ipv4(String src, String dst) {
    this.etherType = ETH_P_IP;
    this.ipv4 = true;
    this.srcIp = ip(src);
    this.dstIp = ip(dst);
    return this;
  }

  public Packet ttl(int ttl) {
    this.ttl = ttl;
    return this;
  }

  public Packet tos(int tos) {
    this.tos = tos;
    return this;
  }

  public Packet ipId(int id) {
    this.ipId = id;
    return this;
  }

  public Packet tcp(int srcPort, int dstPort) {
    requireIpv4();
    this.l4Protocol = IPPROTO_TCP;
    this.srcPort = srcPort;
    this.dstPort = dstPort;
    return this;
  }

  public Packet tcpFlags(int flags) {
    this.tcpFlags = flags;
    return this;
  }

  public Packet udp(int srcPort, int dstPort) {
    requireIpv4();
    this.l4Protocol = IPPROTO_UDP;
    this.srcPort = srcPort;
    this.dstPort = dstPort;
    return this;
  }

  public Packet icmpEcho(int id, int seq) {
    requireIpv4();
    this.l4Protocol = IPPROTO_ICMP;
    this.icmpId = id;
    this.icmpSeq = seq;
    return this;
  }

  /** {@code n} payload bytes 0, 1, 2, ... (mod 256). */
  public Packet payload(int n) {
    byte[] p = new byte[n];
    for (int i = 0; i < n; i++) {
      p[i] = (byte) i;
    }
    this.payload = p;
    return this;
  }

  public Packet payload(byte[] bytes) {
    this.payload = bytes.clone();
    return this;
  }

  private void requireIpv4() {
    if (!ipv4) {
      ipv4 = true;
      etherType = ETH_P_IP;
    }
  }

  public byte[] build() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(dstMac);
    out.writeBytes(srcMac);
    put16(out, etherType);
    if (!ipv4) {
      out.writeBytes(payload);
      return out.toByteArray();
    }
    byte[] l4 = l4Segment();
    byte[] ip = new byte[20];
    int total = 20 + l4.length;
    ip[0] = 0x45;
    ip[1] = (byte) tos;
    ip[2] = (byte) (total >> 8);
    ip[3] = (byte) total;
    ip[4] = (byte) (ipId >> 8);
    ip[5] = (byte) ipId;
    ip[6] = 0x40; // DF
    ip[8] = (byte) ttl;
    ip[9] = (byte) (l4Protocol < 0 ? 0xfd : l4Protocol); // 253: experimental
    System.arraycopy(srcIp, 0, ip, 12, 4);
    System.arraycopy(dstIp, 0, ip, 16, 4);
    int sum = internetChecksum(ip, 0, 20);
    ip[10] = (byte) (sum >> 8);
    ip[11] = (byte) sum;
    out.writeBytes(ip);
    out.writeBytes(l4);
    return out.toByteArray();
  }

  private byte[] l4Segment() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (l4Protocol) {
      case IPPROTO_TCP -> {
        put16(out, srcPort);
        put16(out, dstPort);
        put32(out, 1000); // seq
        put32(out, 0); // ack
        out.write(5 << 4); // data offset: 5 words
        out.write(tcpFlags);
        put16(out, 65535); // window
        put16(out, 0); // checksum
        put16(out, 0); // urgent pointer
        out.writeBytes(payload);
      }
      case IPPROTO_UDP -> {
        put16(out, srcPort);
        put16(out, dstPort);
        put16(out, 8 + payload.length);
        put16(out, 0);
        out.writeBytes(payload);
      }
      case IPPROTO_ICMP -> {
        byte[] icmp = new byte[8 + payload.length];
        icmp[0] = 8; // echo request
        icmp[4] = (byte) (icmpId >> 8);
        icmp[5] = (byte) icmpId;
        icmp[6] = (byte) (icmpSeq >> 8);
        icmp[7] = (byte) icmpSeq;
        System.arraycopy(payload, 0, icmp, 8, payload.length);
        int sum = internetChecksum(icmp, 0, icmp.length);
        icmp[2] = (byte) (sum >> 8);
        icmp[3] = (byte) sum;
        out.writeBytes(icmp);
      }
      default -> out.writeBytes(payload);
    }
    return out.toByteArray();
  }

  /** RFC 1071: the ones' complement of the ones' complement sum of big-endian 16-bit words. */
  public static int internetChecksum(byte[] data, int offset, int length) {
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

  /** The big-endian 16-bit word at {@code offset}. */
  public static int u16(byte[] frame, int offset) {
    return ((frame[offset] & 0xff) << 8) | (frame[offset + 1] & 0xff);
  }

  /** The EtherType of a frame. */
  public static int etherTypeOf(byte[] frame) {
    return u16(frame, 12);
  }

  /**
   * What {@code __sk_buff.protocol} holds for a frame: the EtherType as the kernel stores it (in
   * network byte order), read as a little-endian 32-bit field on this x86-64/arm64 host.
   */
  public static int skbProtocol(byte[] frame) {
    return Short.toUnsignedInt(Short.reverseBytes((short) etherTypeOf(frame)));
  }

  /**
   * {@code pkt_type} that {@code eth_type_trans} on the loopback device gives this frame:
   * loopback's address and broadcast address are both 00:00:00:00:00:00, so that is PACKET_HOST,
   * and every multicast destination, ff:ff:ff:ff:ff:ff included, is PACKET_MULTICAST.
   */
  public static int pktType(byte[] frame) {
    byte[] dst = Arrays.copyOf(frame, 6);
    if (Arrays.equals(dst, MAC_ZERO)) {
      return PACKET_HOST;
    }
    return (dst[0] & 1) != 0 ? PACKET_MULTICAST : PACKET_OTHERHOST;
  }

  /** {@code skb->len} of a socket filter or cgroup_skb test run: the frame without Ethernet. */
  public static int networkLength(byte[] frame) {
    return frame.length - ETH_HLEN;
  }

  public static byte[] mac(String text) {
    String[] parts = text.split(":");
    byte[] out = new byte[6];
    for (int i = 0; i < 6; i++) {
      out[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return out;
  }

  public static byte[] ip(String dotted) {
    String[] parts = dotted.split("\\.");
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      out[i] = (byte) Integer.parseInt(parts[i]);
    }
    return out;
  }

  private static void put16(ByteArrayOutputStream out, int v) {
    out.write(v >> 8);
    out.write(v);
  }

  private static void put32(ByteArrayOutputStream out, int v) {
    put16(out, v >>> 16);
    put16(out, v);
  }
}
