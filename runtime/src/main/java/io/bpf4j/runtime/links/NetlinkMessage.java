package io.bpf4j.runtime.links;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One rtnetlink traffic-control request as bytes: {@code struct nlmsghdr} (16 bytes), {@code struct
 * tcmsg} (20 bytes) and attributes ({@code struct rtattr}: length, type, payload padded to 4
 * bytes), nested ones flagged {@code NLA_F_NESTED} as libbpf writes them. Host byte order, which
 * netlink uses, is little-endian on every architecture bpf4j runs on.
 */
final class NetlinkMessage {
  static final int HEADER = 16;
  static final int TCMSG = 20;
  static final int NLA_F_NESTED = 1 << 15;

  // nlmsg_flags
  static final int NLM_F_REQUEST = 0x1;
  static final int NLM_F_ACK = 0x4;
  static final int NLM_F_ECHO = 0x8;
  static final int NLM_F_EXCL = 0x200;
  static final int NLM_F_CREATE = 0x400;

  // nlmsg_type
  static final int NLMSG_ERROR = 2;
  static final int NLMSG_DONE = 3;
  static final int RTM_NEWQDISC = 36;
  static final int RTM_NEWTFILTER = 44;
  static final int RTM_DELTFILTER = 45;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Deque<Integer> nests = new ArrayDeque<>();

  private NetlinkMessage() {}

  /** A message of {@code type} with a {@code struct tcmsg} (family AF_UNSPEC). */
  static NetlinkMessage tc(
      int type, int flags, int seq, int ifindex, int handle, int parent, int info) {
    NetlinkMessage m = new NetlinkMessage();
    m.u32(0); // nlmsg_len, set by bytes()
    m.u16(type);
    m.u16(flags);
    m.u32(seq);
    m.u32(0); // nlmsg_pid: 0, the kernel fills in the socket's
    m.u32(0); // tcm_family, pads
    m.u32(ifindex);
    m.u32(handle);
    m.u32(parent);
    m.u32(info);
    return m;
  }

  NetlinkMessage string(int type, String value) {
    byte[] s = value.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[s.length + 1];
    System.arraycopy(s, 0, payload, 0, s.length);
    return attribute(type, payload);
  }

  NetlinkMessage u32(int type, int value) {
    return attribute(
        type, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
  }

  NetlinkMessage attribute(int type, byte[] payload) {
    u16(4 + payload.length);
    u16(type);
    out.writeBytes(payload);
    pad();
    return this;
  }

  NetlinkMessage beginNested(int type) {
    nests.push(out.size());
    u16(0); // length, set by endNested()
    u16(type | NLA_F_NESTED);
    return this;
  }

  NetlinkMessage endNested() {
    int start = nests.pop();
    byte[] b = out.toByteArray();
    int len = b.length - start;
    out.reset();
    b[start] = (byte) len;
    b[start + 1] = (byte) (len >>> 8);
    out.writeBytes(b);
    return this;
  }

  byte[] bytes() {
    if (!nests.isEmpty()) {
      throw new IllegalStateException("unclosed nested attribute");
    }
    byte[] b = out.toByteArray();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, b.length);
    return b;
  }

  private void pad() {
    while (out.size() % 4 != 0) {
      out.write(0);
    }
  }

  private void u16(int v) {
    out.write(v);
    out.write(v >>> 8);
  }

  private void u32(int v) {
    u16(v & 0xffff);
    u16(v >>> 16);
  }
}
