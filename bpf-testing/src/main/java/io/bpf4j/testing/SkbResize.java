package io.bpf4j.testing;

import io.bpf4j.object.kernel.Errno;
import java.util.Arrays;

/**
 * {@code bpf_skb_change_tail}, {@code bpf_skb_change_head} and {@code bpf_skb_adjust_room} ({@code
 * net/core/filter.c}) on a simulated skb that is linear and not GSO, as a test run's is. Offsets
 * count from {@code skb->data}, which a tc program sees at the MAC header.
 */
final class SkbResize {
  /** {@code BPF_SKB_MAX_LEN}: {@code SKB_MAX_ALLOC}, four pages less the shared info. */
  static final int MAX_LEN = 4 * 4096 - SimXdpMd.SHARED_INFO_SIZE;

  static final long F_ADJ_ROOM_FIXED_GSO = 1;
  static final long F_ADJ_ROOM_ENCAP_L3_IPV4 = 1 << 1;
  static final long F_ADJ_ROOM_ENCAP_L3_IPV6 = 1 << 2;
  static final long F_ADJ_ROOM_ENCAP_L4_GRE = 1 << 3;
  static final long F_ADJ_ROOM_ENCAP_L4_UDP = 1 << 4;
  static final long F_ADJ_ROOM_NO_CSUM_RESET = 1 << 5;
  static final long F_ADJ_ROOM_ENCAP_L2_ETH = 1 << 6;
  static final long F_ADJ_ROOM_DECAP_L3_IPV4 = 1 << 7;
  static final long F_ADJ_ROOM_DECAP_L3_IPV6 = 1 << 8;
  static final int ENCAP_L2_SHIFT = 56;

  private static final long ENCAP_L3_MASK = F_ADJ_ROOM_ENCAP_L3_IPV4 | F_ADJ_ROOM_ENCAP_L3_IPV6;
  private static final long DECAP_L3_MASK = F_ADJ_ROOM_DECAP_L3_IPV4 | F_ADJ_ROOM_DECAP_L3_IPV6;
  private static final long ADJ_ROOM_MASK =
      F_ADJ_ROOM_FIXED_GSO
          | ENCAP_L3_MASK
          | F_ADJ_ROOM_ENCAP_L4_GRE
          | F_ADJ_ROOM_ENCAP_L4_UDP
          | F_ADJ_ROOM_ENCAP_L2_ETH
          | (0xffL << ENCAP_L2_SHIFT)
          | DECAP_L3_MASK;

  /** {@code htons(ETH_P_IP)} and {@code htons(ETH_P_IPV6)} as {@code skb->protocol} holds them. */
  private static final int PROTO_IP = 0x0008;

  private static final int PROTO_IPV6 = 0xdd86;
  private static final int ETH_HLEN = 14;
  private static final int EALREADY = 114;

  private SkbResize() {}

  /** {@code bpf_skb_change_tail}: trims, or grows with zeros, to {@code newLength}. */
  static int changeTail(SimSkBuff skb, int newLength, long flags) {
    if (flags != 0
        || Integer.compareUnsigned(newLength, MAX_LEN) > 0
        || Integer.compareUnsigned(newLength, minLength(skb)) < 0) {
      return -Errno.EINVAL;
    }
    if (skb.encapsulation()) {
      return -Errno.ENOTSUPP;
    }
    skb.replaceBytes(Arrays.copyOf(skb.bytes(), newLength));
    return 0;
  }

  /** {@code __bpf_skb_min_len}: the headers a trim must keep. */
  private static int minLength(SimSkBuff skb) {
    int min = Math.max(skb.networkOffset(), 0);
    if (skb.transportOffset() > 0) {
      min = skb.transportOffset();
    }
    return min;
  }

  /** {@code bpf_skb_change_head}: {@code headroom} zero bytes in front, the new MAC header. */
  static int changeHead(SimSkBuff skb, int headroom, long flags) {
    long newLength = (long) skb.len() + Integer.toUnsignedLong(headroom);
    if (flags != 0 || newLength > MAX_LEN) {
      return -Errno.EINVAL;
    }
    byte[] grown = new byte[(int) newLength];
    System.arraycopy(skb.bytes(), 0, grown, headroom, skb.len());
    skb.replaceBytes(grown);
    skb.networkOffset(skb.networkOffset() + headroom);
    if (skb.transportOffset() >= 0) {
      skb.transportOffset(skb.transportOffset() + headroom);
    }
    return 0;
  }

  /**
   * {@code bpf_skb_adjust_room}: inserts {@code lengthDiff} zero bytes (or removes {@code
   * -lengthDiff} bytes) after the MAC header ({@code ADJ_ROOM_MAC}) or after the base L3 header
   * ({@code ADJ_ROOM_NET}), for IPv4 and IPv6 packets only.
   */
  static int adjustRoom(SimSkBuff skb, int lengthDiff, int mode, long flags) {
    long diff = Math.abs((long) lengthDiff);
    boolean shrink = lengthDiff < 0;
    int lenMin = netBaseLength(skb);
    if ((flags & ~(ADJ_ROOM_MASK | F_ADJ_ROOM_NO_CSUM_RESET)) != 0) {
      return -Errno.EINVAL;
    }
    if (diff > 0xfff) {
      return -Errno.EFAULT;
    }
    if (skb.protocol() != PROTO_IP && skb.protocol() != PROTO_IPV6) {
      return -Errno.ENOTSUPP;
    }
    int off = skb.networkOffset();
    switch (mode) {
      case 0 -> off += netBaseLength(skb); // BPF_ADJ_ROOM_NET
      case 1 -> {} // BPF_ADJ_ROOM_MAC
      default -> {
        return -Errno.ENOTSUPP;
      }
    }
    if ((flags & DECAP_L3_MASK) != 0) {
      if (!shrink) {
        return -Errno.EINVAL;
      }
      if ((flags & DECAP_L3_MASK) == F_ADJ_ROOM_DECAP_L3_IPV4) {
        lenMin = 20;
      } else if ((flags & DECAP_L3_MASK) == F_ADJ_ROOM_DECAP_L3_IPV6) {
        lenMin = 40;
      } else {
        return -Errno.EINVAL;
      }
    }
    long lenCur = skb.len() - skb.networkOffset();
    if ((shrink && (diff >= lenCur || lenCur - diff < lenMin))
        || (!shrink && skb.len() + diff > MAX_LEN)) {
      return -Errno.ENOTSUPP;
    }
    return shrink ? shrink(skb, off, (int) diff, flags) : grow(skb, off, (int) diff, flags);
  }

  private static int grow(SimSkBuff skb, int off, int diff, long flags) {
    int innerMacLength = (int) (flags >>> ENCAP_L2_SHIFT) & 0xff;
    boolean encap = (flags & ENCAP_L3_MASK) != 0;
    if (encap) {
      if ((flags & ENCAP_L3_MASK) == ENCAP_L3_MASK
          || ((flags & F_ADJ_ROOM_ENCAP_L4_GRE) != 0 && (flags & F_ADJ_ROOM_ENCAP_L4_UDP) != 0)
          || ((flags & F_ADJ_ROOM_ENCAP_L2_ETH) != 0 && innerMacLength < ETH_HLEN)) {
        return -Errno.EINVAL;
      }
      if (skb.encapsulation()) {
        return -EALREADY;
      }
      if (innerMacLength > diff) {
        return -Errno.EINVAL;
      }
    }
    byte[] old = skb.bytes();
    byte[] grown = new byte[old.length + diff];
    System.arraycopy(old, 0, grown, 0, off);
    System.arraycopy(old, off, grown, off + diff, old.length - off);
    skb.replaceBytes(grown);
    if (encap) {
      skb.encapsulation(true);
      if ((flags & (F_ADJ_ROOM_ENCAP_L4_GRE | F_ADJ_ROOM_ENCAP_L4_UDP)) != 0) {
        int outerL3 = (flags & F_ADJ_ROOM_ENCAP_L3_IPV6) != 0 ? 40 : 20;
        skb.transportOffset(skb.networkOffset() + outerL3);
      }
      if (skb.protocol() == PROTO_IP && (flags & F_ADJ_ROOM_ENCAP_L3_IPV6) != 0) {
        skb.protocol(PROTO_IPV6);
      } else if (skb.protocol() == PROTO_IPV6 && (flags & F_ADJ_ROOM_ENCAP_L3_IPV4) != 0) {
        skb.protocol(PROTO_IP);
      }
    }
    return 0;
  }

  private static int shrink(SimSkBuff skb, int off, int diff, long flags) {
    if ((flags & ~(F_ADJ_ROOM_FIXED_GSO | DECAP_L3_MASK | F_ADJ_ROOM_NO_CSUM_RESET)) != 0) {
      return -Errno.EINVAL;
    }
    byte[] old = skb.bytes();
    if ((long) off + diff > old.length) {
      return -Errno.ENOMEM;
    }
    byte[] shrunk = new byte[old.length - diff];
    System.arraycopy(old, 0, shrunk, 0, off);
    System.arraycopy(old, off + diff, shrunk, off, old.length - off - diff);
    skb.replaceBytes(shrunk);
    if (skb.protocol() == PROTO_IP && (flags & F_ADJ_ROOM_DECAP_L3_IPV6) != 0) {
      skb.protocol(PROTO_IPV6);
    } else if (skb.protocol() == PROTO_IPV6 && (flags & F_ADJ_ROOM_DECAP_L3_IPV4) != 0) {
      skb.protocol(PROTO_IP);
    }
    return 0;
  }

  /** {@code bpf_skb_net_base_len}: the fixed L3 header of the skb's protocol. */
  private static int netBaseLength(SimSkBuff skb) {
    return skb.protocol() == PROTO_IP ? 20 : skb.protocol() == PROTO_IPV6 ? 40 : 0;
  }
}
