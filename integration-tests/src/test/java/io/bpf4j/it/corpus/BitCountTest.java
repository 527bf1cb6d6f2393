package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import org.junit.jupiter.api.Test;

/** corpus/BitCount.java: bit loops against Integer/Long.bitCount, reverse and the zero counts. */
class BitCountTest {
  static final class Bits {
    int x;
    long y;
    int popX;
    int popY;
    int reversedX;
    int highestBitX;
    int trailingZerosY;
  }

  @Test
  void bitLoopsMatchTheJdk() {
    int[] xs = {0, 1, -1, Integer.MIN_VALUE, 0x12345678, 0x0f0f0f0f, 6, 0x40000000};
    long[] ys = {0, 1, -1, Long.MIN_VALUE, 0x123456789abcdef0L, 1L << 40, 0xf0, 3L << 62};
    Expect expect = new Expect("BitCount");
    byte[] frame = Packet.udpFrame(60);
    try (BpfObject obj = Corpus.load("BitCount");
        MapHandle<Integer, Bits> bits = obj.map("bits", Integer.class, Bits.class)) {
      for (int x : xs) {
        for (long y : ys) {
          Bits in = new Bits();
          in.x = x;
          in.y = y;
          bits.put(0, in);
          int ret = obj.program("count").testRun(frame, 1).retval();
          Bits got = bits.get(0);
          String what = "x=0x" + Integer.toHexString(x) + " y=0x" + Long.toHexString(y) + ": ";
          expect.equal(Integer.bitCount(x), got.popX, what + "popX");
          expect.equal(Long.bitCount(y), got.popY, what + "popY");
          expect.equal(Integer.reverse(x), got.reversedX, what + "reversedX");
          expect.equal(31 - Integer.numberOfLeadingZeros(x), got.highestBitX, what + "highestBitX");
          expect.equal(Long.numberOfTrailingZeros(y), got.trailingZerosY, what + "trailingZerosY");
          expect.equal(Integer.bitCount(x) + Long.bitCount(y), ret, what + "return value");
        }
      }
    }
    expect.verify();
  }
}
