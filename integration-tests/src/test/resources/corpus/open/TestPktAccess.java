package corpus.open;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.SkBuff;

/**
 * A port of the kernel's selftest tools/testing/selftests/bpf/progs/test_pkt_access.c
 * (GPL-2.0-only; our C twin is c/public/test_pkt_access.c): finds the TCP header behind IPv4 (any
 * IHL) or IPv6, checks that its subprograms agree on {@code skb->len} and {@code skb->ifindex},
 * increments the TCP checksum field through a writing subprogram, and returns TC_ACT_OK when the
 * urgent pointer is 123, TC_ACT_SHOT for a header that does not fit (or a non-TCP IP packet),
 * TC_ACT_UNSPEC otherwise. Written against the selftest's C, not tuned to the compiler.
 *
 * <p>Where the port differs: the C's {@code struct tcphdr *tcp} (NULL for neither IPv4 nor IPv6)
 * is an offset, -1 for NULL, and its {@code p + n > data_end} checks are {@code off + n >
 * skb.len()} (a tc test run's frame is linear). Its {@code volatile char buf[448] = {}} stack
 * buffers are {@code new byte[448]} (not volatile: Java has no volatile locals). The C increments
 * {@code tcp->check} and compares {@code urg_ptr} with 123 as the CPU holds them (little-endian);
 * {@code Bpf.ntohs}/{@code htons} around the network-order loads and stores do the same here.
 */
@License("GPL")
public final class TestPktAccess {
  static final int ETH_HLEN = 14;
  static final int IPV4_HLEN = 20;
  static final int IPV6_HLEN = 40;
  static final int TCP_HLEN = 20;
  static final int ETH_P_IP = 0x0800;
  static final int ETH_P_IPV6 = 0x86DD;
  static final int TC_ACT_UNSPEC = -1;
  static final int TC_ACT_OK = 0;
  static final int TC_ACT_SHOT = 2;
  static final int MAX_STACK = 512 - 2 * 32;

  static int testPktAccessSubprog1(SkBuff skb) {
    return skb.len() * 2;
  }

  static int testPktAccessSubprog2(int val, SkBuff skb) {
    return skb.len() * val;
  }

  static int getSkbLen(SkBuff skb) {
    byte[] buf = new byte[MAX_STACK];
    return skb.len();
  }

  static int getConstant(long val) {
    return (int) (val - 122);
  }

  static int testPktAccessSubprog3(int val, SkBuff skb) {
    return getSkbLen(skb) * getSkbIfindex(val, skb, getConstant(123));
  }

  static int getSkbIfindex(int val, SkBuff skb, int var) {
    byte[] buf = new byte[MAX_STACK];
    return skb.ifindex() * val * var;
  }

  static int testPktWriteAccessSubprog(SkBuff skb, int off) {
    if (Integer.toUnsignedLong(off) > ETH_HLEN + IPV6_HLEN) { // the C compares a __u32
      return -1;
    }
    int tcp = off;
    if (tcp + TCP_HLEN > skb.len()) {
      return -1;
    }
    // the write the selftest exists to check: the C increments the field as a little-endian CPU
    // holds it, so the increment happens between the two byte swaps
    int check = Bpf.ntohs(skb.loadHalf(tcp + 16));
    skb.storeHalf(tcp + 16, Bpf.htons(check + 1));
    return 0;
  }

  @Section("tc")
  public static int testPktAccess(SkBuff skb) {
    int tcp = -1;
    int proto = 255;
    if (ETH_HLEN > skb.len()) {
      return TC_ACT_SHOT;
    }
    int hProto = skb.loadHalf(12);
    if (hProto == ETH_P_IP) {
      int iph = ETH_HLEN;
      if (iph + IPV4_HLEN > skb.len()) {
        return TC_ACT_SHOT;
      }
      int ihlLen = (skb.loadByte(iph) & 0xf) * 4;
      proto = skb.loadByte(iph + 9);
      tcp = iph + ihlLen;
    } else if (hProto == ETH_P_IPV6) {
      int ip6h = ETH_HLEN;
      if (ip6h + IPV6_HLEN > skb.len()) {
        return TC_ACT_SHOT;
      }
      int ihlLen = IPV6_HLEN;
      proto = skb.loadByte(ip6h + 6);
      tcp = ip6h + ihlLen;
    }
    if (testPktAccessSubprog1(skb) != skb.len() * 2) {
      return TC_ACT_SHOT;
    }
    if (testPktAccessSubprog2(2, skb) != skb.len() * 2) {
      return TC_ACT_SHOT;
    }
    if (testPktAccessSubprog3(3, skb) != skb.len() * 3 * skb.ifindex()) {
      return TC_ACT_SHOT;
    }
    if (tcp != -1) {
      if (testPktWriteAccessSubprog(skb, tcp) != 0) {
        return TC_ACT_SHOT;
      }
      if (tcp + 20 > skb.len() || proto != 6) {
        return TC_ACT_SHOT;
      }
      if (tcp + 18 > skb.len()) {
        return TC_ACT_SHOT;
      }
      if (Bpf.ntohs(skb.loadHalf(tcp + 18)) == 123) {
        return TC_ACT_OK;
      }
    }
    return TC_ACT_UNSPEC;
  }

  private TestPktAccess() {}
}
