package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * corpus/KtimeRandom.java: properties, not values. bpf_ktime_get_ns is CLOCK_MONOTONIC, as is
 * System.nanoTime on Linux, so each timestamp lies between the nanoTime before and after the run;
 * the CPU number is a possible CPU; 2 x 40 random draws are (almost surely) distinct.
 */
class KtimeRandomTest {
  static final class Sample {
    long t1;
    long t2;
    long elapsed;
    int r1;
    int r2;
    int cpu;
    int runs;
  }

  @Test
  void timestampsAreMonotonicAndRandomNumbersVary() {
    int cpus = possibleCpus();
    Set<Integer> randoms = new HashSet<>();
    Expect expect = new Expect("KtimeRandom");
    byte[] frame = Packet.udpFrame(60);
    try (BpfObject obj = Corpus.load("KtimeRandom");
        MapHandle<Integer, Sample> samples = obj.map("samples", Integer.class, Sample.class)) {
      long previous = 0;
      for (int run = 1; run <= 40; run++) {
        long before = System.nanoTime();
        int ret = obj.program("sample").testRun(frame, 1).retval();
        long after = System.nanoTime();
        Sample s = samples.get(0);
        String what = "run " + run + ": ";
        expect.equal(1, ret, what + "return value (t2 >= t1)");
        expect.isTrue(
            before <= s.t1 && s.t1 <= s.t2 && s.t2 <= after,
            what
                + "timestamps "
                + s.t1
                + ", "
                + s.t2
                + " not ordered within ["
                + before
                + ", "
                + after
                + "]");
        expect.equal(s.t2 - s.t1, s.elapsed, what + "elapsed");
        expect.isTrue(s.t1 > previous, what + "t1 did not advance past the previous run's t2");
        previous = s.t2;
        expect.isTrue(
            s.cpu >= 0 && s.cpu < cpus, what + "cpu " + s.cpu + " of " + cpus + " possible");
        expect.equal(run, s.runs, what + "runs");
        randoms.add(s.r1);
        randoms.add(s.r2);
      }
    }
    expect.isTrue(randoms.size() >= 78, "only " + randoms.size() + " distinct of 80 random draws");
    expect.verify();
  }

  /** The number of possible CPUs, from /sys/devices/system/cpu/possible ("0-1", "0"...). */
  static int possibleCpus() {
    try {
      String text =
          java.nio.file.Files.readString(java.nio.file.Path.of("/sys/devices/system/cpu/possible"))
              .trim();
      int max = 0;
      for (String range : text.split(",")) {
        String[] ends = range.split("-");
        max = Math.max(max, Integer.parseInt(ends[ends.length - 1]));
      }
      return max + 1;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
