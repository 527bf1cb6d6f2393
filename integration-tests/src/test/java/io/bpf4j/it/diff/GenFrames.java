package io.bpf4j.it.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The frames a program runs on: seeded, of many lengths (the Ethernet header alone, a few bytes
 * more, around the offsets programs read, up to a full MTU), with EtherTypes that make the kernel's
 * test run take each of its paths (IPv4 and IPv6 long enough or too short, which skb test runs
 * refuse, ARP, 802.3 lengths, anything), destinations of each packet type, and payloads either
 * random or made of the few byte values that comparisons in generated code test for.
 */
final class GenFrames {
  private GenFrames() {}

  private static final int[] ETHER_TYPES = {0x0800, 0x0800, 0x86DD, 0x0806, 0x88B5, 0x8100};
  private static final byte[] FEW = {0, 0, 1, 2, 7, 0x7f, (byte) 0x80, (byte) 0xff};

  static List<byte[]> frames(long seed, int count) {
    Random r = new Random(seed ^ 0x5DEECE66DL);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(frame(r, length(r, i)));
    }
    return out;
  }

  private static int length(Random r, int i) {
    switch (i % 6) {
      case 0:
        return 14 + r.nextInt(8);
      case 1:
        return 22 + r.nextInt(30);
      case 2:
        return 52 + r.nextInt(30);
      case 3:
        return 80 + r.nextInt(100);
      case 4:
        return r.nextInt(5) == 0 ? 1000 + r.nextInt(515) : 180 + r.nextInt(200);
      default:
        return 14 + r.nextInt(90);
    }
  }

  private static byte[] frame(Random r, int length) {
    byte[] f = new byte[length];
    boolean few = r.nextInt(3) == 0;
    for (int i = 0; i < length; i++) {
      f[i] = few ? FEW[r.nextInt(FEW.length)] : (byte) r.nextInt(256);
    }
    switch (r.nextInt(4)) {
      case 0 -> fill(f, 0, 6, 0x00); // loopback's address: PACKET_HOST
      case 1 -> fill(f, 0, 6, 0xff); // broadcast: PACKET_MULTICAST on loopback
      case 2 -> f[0] |= 1; // multicast
      default -> f[0] &= (byte) 0xfe; // another host
    }
    int type;
    int k = r.nextInt(10);
    if (k < 6) {
      type = ETHER_TYPES[r.nextInt(ETHER_TYPES.length)];
    } else if (k < 8) {
      type = 0x0600 + r.nextInt(0xfa00);
    } else {
      type = r.nextInt(0x600); // an 802.3 length: 802.2 LLC, or raw 802.3 behind 0xFFFF
    }
    f[12] = (byte) (type >> 8);
    f[13] = (byte) type;
    if (type == 0x0800 && length >= 34 && r.nextBoolean()) {
      f[14] = 0x45; // a plausible IPv4 header start, so that IHL-style reads see 20 bytes
    }
    return f;
  }

  private static void fill(byte[] f, int from, int to, int v) {
    for (int i = from; i < to; i++) {
      f[i] = (byte) v;
    }
  }
}
