package io.bpf4j.testing;

/**
 * What {@code BPF_PROG_TEST_RUN} ({@code net/bpf/test_run.c}) works out from an Ethernet frame
 * before running a program, and which frames it refuses.
 *
 * @param etherProtocol {@code skb->protocol} in host order, as {@code eth_type_trans} sets it
 * @param pktType {@code skb->pkt_type}, from the destination address against the loopback device
 */
record TestRunFrame(int etherProtocol, int pktType) {
  static final int ETH_HLEN = 14;
  static final int ETH_P_IP = 0x0800;
  static final int ETH_P_IPV6 = 0x86DD;

  /** {@code ETH_P_802_3_MIN}: smaller values are 802.3 lengths, not EtherTypes. */
  private static final int ETH_P_802_3_MIN = 0x0600;

  private static final int ETH_P_802_3 = 0x0001;
  private static final int ETH_P_802_2 = 0x0004;

  static final int PACKET_HOST = 0;
  static final int PACKET_MULTICAST = 2;
  static final int PACKET_OTHERHOST = 3;

  /**
   * The largest XDP frame a test run keeps in one buffer: a page less {@code XDP_PACKET_HEADROOM}
   * (256) and the aligned {@code skb_shared_info} (320); longer frames become multi-buffer.
   */
  static final int XDP_MAX_LINEAR = 4096 - 256 - 320;

  /** The skb view of {@code frame}, or an {@link IllegalArgumentException} where it is EINVAL. */
  static TestRunFrame skb(byte[] frame) {
    requireEthernet(frame);
    int proto = ethTypeTrans(frame);
    int network = frame.length - ETH_HLEN;
    if (proto == ETH_P_IP && network < 20) {
      throw refused(frame, "an IPv4 frame needs the 20-byte IPv4 header after the Ethernet header");
    }
    if (proto == ETH_P_IPV6 && network < 40) {
      throw refused(frame, "an IPv6 frame needs the 40-byte IPv6 header after the Ethernet header");
    }
    return new TestRunFrame(proto, pktType(frame));
  }

  /** Checks that an XDP test run accepts {@code frame} and keeps it in one buffer. */
  static void xdp(byte[] frame) {
    requireEthernet(frame);
    if (frame.length > XDP_MAX_LINEAR) {
      throw new IllegalArgumentException(
          "a "
              + frame.length
              + "-byte frame is longer than one XDP buffer ("
              + XDP_MAX_LINEAR
              + " bytes); the kernel would test-run it as a multi-buffer frame, which the"
              + " simulator does not model");
    }
  }

  private static void requireEthernet(byte[] frame) {
    if (frame.length < ETH_HLEN) {
      throw refused(frame, "a frame must hold the 14-byte Ethernet header");
    }
  }

  private static IllegalArgumentException refused(byte[] frame, String why) {
    return new IllegalArgumentException(
        "BPF_PROG_TEST_RUN refuses this " + frame.length + "-byte frame with EINVAL: " + why);
  }

  /** {@code eth_type_trans}'s protocol: the EtherType, or 802.3/802.2 for a length field. */
  private static int ethTypeTrans(byte[] frame) {
    int type = Packets.u16(frame, 12);
    if (type >= ETH_P_802_3_MIN) {
      return type;
    }
    // Novell's raw 802.3 (IPX) starts its payload with 0xFFFF; everything else is 802.2 LLC.
    if (frame.length >= ETH_HLEN + 2 && Packets.u16(frame, ETH_HLEN) == 0xFFFF) {
      return ETH_P_802_3;
    }
    return ETH_P_802_2;
  }

  /**
   * Loopback's address is 00:00:00:00:00:00, and so is its broadcast address: that destination is
   * PACKET_HOST, any other multicast one (ff:ff:ff:ff:ff:ff too) PACKET_MULTICAST, the rest
   * PACKET_OTHERHOST.
   */
  private static int pktType(byte[] frame) {
    boolean zero = true;
    for (int i = 0; i < 6; i++) {
      zero &= frame[i] == 0;
    }
    if (zero) {
      return PACKET_HOST;
    }
    return (frame[0] & 1) != 0 ? PACKET_MULTICAST : PACKET_OTHERHOST;
  }
}
