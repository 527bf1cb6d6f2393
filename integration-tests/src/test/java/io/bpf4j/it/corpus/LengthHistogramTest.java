package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import org.junit.jupiter.api.Test;

/** corpus/LengthHistogram.java: packets and bytes per power-of-two length bucket. */
class LengthHistogramTest {
  static final class Bucket {
    long packets;
    long bytes;
  }

  /** Bucket 0 below 64, then one bucket per power of two from 64 on, the last from 4096 on. */
  static int expectedBucket(int len) {
    if (len < 64) {
      return 0;
    }
    int log2 = 31 - Integer.numberOfLeadingZeros(len);
    return Math.min(7, log2 - 5);
  }

  @Test
  void countsEachFrameInItsLengthBucket() {
    int[] frameLengths = {14, 42, 60, 77, 78, 141, 142, 300, 526, 1000, 1514, 2000, 3000};
    int[] repeats = {1, 2, 1, 1, 3, 1, 1, 1, 2, 1, 5, 1, 1};
    long[] packets = new long[8];
    long[] bytes = new long[8];
    Expect expect = new Expect("LengthHistogram");
    try (BpfObject obj = Corpus.load("LengthHistogram");
        MapHandle<Integer, Bucket> histogram = obj.map("histogram", Integer.class, Bucket.class)) {
      for (int i = 0; i < frameLengths.length; i++) {
        byte[] frame =
            frameLengths[i] >= 42
                ? Packet.udpFrame(frameLengths[i])
                : Packet.rawFrame(Packet.ETH_P_EXPERIMENTAL, frameLengths[i]);
        int len = Packet.networkLength(frame);
        int bucket = expectedBucket(len);
        int ret = obj.program("countLength").testRun(frame, repeats[i]).retval();
        expect.equal(bucket, ret, "return value for len " + len);
        packets[bucket] += repeats[i];
        bytes[bucket] += (long) repeats[i] * len;
      }
      for (int b = 0; b < 8; b++) {
        Bucket got = histogram.get(b);
        expect.equal(packets[b], got.packets, "bucket " + b + " packets");
        expect.equal(bytes[b], got.bytes, "bucket " + b + " bytes");
      }
    }
    expect.verify();
  }
}
