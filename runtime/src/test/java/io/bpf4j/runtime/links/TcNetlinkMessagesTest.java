package io.bpf4j.runtime.links;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The rtnetlink requests of classic tc attachment, byte for byte: what {@code tc qdisc add dev X
 * clsact} and {@code tc filter add dev X egress bpf da fd N name P} send (struct nlmsghdr, struct
 * tcmsg, rtattrs padded to 4 bytes, TCA_OPTIONS nested).
 */
class TcNetlinkMessagesTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
  }

  @Test
  void clsactQdisc() {
    assertArrayEquals(
        hex(
            // nlmsghdr: len 48, RTM_NEWQDISC (36), REQUEST|ACK|EXCL|CREATE (0x605), seq 7, pid 0
            "30000000 2400 0506 07000000 00000000"
                // tcmsg: AF_UNSPEC + pads, ifindex 3, handle ffff:0000, parent ffff:fff1, info 0
                + "00000000 03000000 0000ffff f1ffffff 00000000"
                // TCA_KIND "clsact\0" (len 11, padded to 12)
                + "0b00 0100 636c7361637400 00"),
        TcFilters.newClsactQdisc(7, 3));
  }

  @Test
  void directActionBpfFilterOnEgress() {
    byte[] m =
        TcFilters.newBpfFilter(
            9, 4, TcFilters.parent(io.bpf4j.runtime.Direction.EGRESS), 11, "prog");
    assertArrayEquals(
        hex(
            // nlmsghdr: len 76, RTM_NEWTFILTER (44), REQUEST|ACK|ECHO|EXCL|CREATE (0x60d), seq 9
            "4c000000 2c00 0d06 09000000 00000000"
                // tcmsg: ifindex 4, handle 0 (kernel picks), parent ffff:fff3, info prio 0 |
                // ETH_P_ALL
                + "00000000 04000000 00000000 f3ffffff 00030000"
                // TCA_KIND "bpf\0"
                + "0800 0100 62706600"
                // TCA_OPTIONS | NLA_F_NESTED, len 32: TCA_BPF_FD 11, TCA_BPF_NAME "prog\0",
                // TCA_BPF_FLAGS ACT_DIRECT
                + "2000 0280 0800 0600 0b000000 0900 0700 70726f6700 000000 0800 0800 01000000"),
        m);
    assertEquals(m.length, ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
  }

  @Test
  void deleteByHandleAndPriority() {
    assertArrayEquals(
        hex(
            "2c000000 2d00 0500 05000000 00000000"
                + "00000000 02000000 01000000 f2ffffff 0003c0ff"
                + "0800 0100 62706600"),
        TcFilters.deleteFilter(5, 2, TcFilters.INGRESS_PARENT, 1, 0xffc00300));
  }
}
