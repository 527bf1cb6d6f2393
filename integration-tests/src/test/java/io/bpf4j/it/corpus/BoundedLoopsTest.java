package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import org.junit.jupiter.api.Test;

/**
 * corpus/BoundedLoops.java: a constant loop with continue/break, {@code i < n} with a clamped n, a
 * Collatz while loop and a do-while, on several lengths and configurations.
 */
class BoundedLoopsTest {
  static final class Config {
    int n;
    int limit;
  }

  static final class Sums {
    int constSum;
    int skipped;
    int stoppedAt;
    int boundedSum;
    int collatzSteps;
    int bitLength;
  }

  @Test
  void loopsComputeWhatJavaComputes() {
    int[][] configs = {
      {0, Integer.MAX_VALUE}, {5, 1000}, {32, Integer.MAX_VALUE}, {100, 50}, {-3, 0}
    };
    int[] frameLengths = {14, 15, 41, 100, 541, 1514};
    Expect expect = new Expect("BoundedLoops");
    try (BpfObject obj = Corpus.load("BoundedLoops");
        MapHandle<Integer, Config> cfgs = obj.map("configs", Integer.class, Config.class);
        MapHandle<Integer, Sums> sums = obj.map("sums", Integer.class, Sums.class)) {
      for (int[] c : configs) {
        for (int frameLength : frameLengths) {
          Config cfg = new Config();
          cfg.n = c[0];
          cfg.limit = c[1];
          cfgs.put(0, cfg);
          byte[] frame = Packet.rawFrame(Packet.ETH_P_EXPERIMENTAL, frameLength);
          int len = Packet.networkLength(frame);
          int ret = obj.program("loop").testRun(frame, 1).retval();
          Sums got = sums.get(0);
          String what = "n=" + c[0] + " limit=" + c[1] + " len=" + len + ": ";

          // for i in 0..15: multiples of 3 are skipped, the rest add i * len until over limit.
          int sum = 0;
          int skipped = 0;
          int stoppedAt = 16;
          for (int i = 0; i < 16; i++) {
            if (i % 3 == 0) {
              skipped++;
            } else {
              sum += i * len;
              if (sum > c[1]) {
                stoppedAt = i;
                break;
              }
            }
          }
          expect.equal(sum, got.constSum, what + "constSum");
          expect.equal(skipped, got.skipped, what + "skipped");
          expect.equal(stoppedAt, got.stoppedAt, what + "stoppedAt");

          int n = Math.max(0, Math.min(32, c[0]));
          int bounded = 0;
          for (int i = 0; i < n; i++) {
            bounded += (i ^ len) & 0xff;
          }
          expect.equal(bounded, got.boundedSum, what + "boundedSum");

          int steps = collatzSteps(len);
          expect.equal(steps, got.collatzSteps, what + "collatzSteps");
          expect.equal(steps, ret, what + "return value");
          expect.equal(
              Math.max(1, 32 - Integer.numberOfLeadingZeros(len)),
              got.bitLength,
              what + "bitLength");
        }
      }
    }
    expect.verify();
  }

  /** Steps of the Collatz sequence from {@code x} down to 1 (0 for x <= 1). */
  static int collatzSteps(long x) {
    int steps = 0;
    while (x > 1) {
      x = x % 2 == 0 ? x / 2 : 3 * x + 1;
      steps++;
    }
    return steps;
  }
}
