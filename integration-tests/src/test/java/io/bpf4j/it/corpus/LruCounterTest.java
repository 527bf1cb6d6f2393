package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * corpus/LruCounter.java: a tc program (it sees whole frames, so len is the frame length) keeping
 * an LRU_HASH per length with timestamps, dropping frames over the configured limit.
 */
class LruCounterTest {
  static final class Seen {
    long packets;
    long firstNs;
    long lastNs;
    int len;
    short drops;
    byte lastVerdict;
  }

  static final class Limit {
    int maxLen;
  }

  @Test
  void remembersLengthsWithTimesAndDropsLongFrames() {
    int[] frameLengths = {60, 60, 100, 1514, 60, 1000, 1001, 100};
    int maxLen = 1000;
    Expect expect = new Expect("LruCounter");
    Map<Integer, Long> counts = new LinkedHashMap<>();
    Map<Integer, Integer> drops = new LinkedHashMap<>();
    try (BpfObject obj = Corpus.load("LruCounter");
        MapHandle<Integer, Seen> seen = obj.map("seen", Integer.class, Seen.class);
        MapHandle<Integer, Limit> limits = obj.map("limits", Integer.class, Limit.class)) {
      Limit limit = new Limit();
      limit.maxLen = maxLen;
      limits.put(0, limit);
      long start = System.nanoTime();
      Map<Integer, Long> firstRun = new LinkedHashMap<>();
      for (int frameLength : frameLengths) {
        byte[] frame = Packet.udpFrame(frameLength);
        long before = System.nanoTime();
        int ret = obj.program("remember").testRun(frame, 1).retval();
        long after = System.nanoTime();
        int len = frame.length;
        expect.equal(len > maxLen ? 2 : 0, ret, "len " + len + ": TC_ACT_SHOT (2) over the limit");
        counts.merge(len, 1L, Long::sum);
        drops.merge(len, len > maxLen ? 1 : 0, Integer::sum);
        Seen s = seen.get(len);
        expect.equal((short) (int) drops.get(len), s.drops, "len " + len + ": drops");
        expect.equal((byte) (len > maxLen ? 2 : 0), s.lastVerdict, "len " + len + ": lastVerdict");
        expect.equal(counts.get(len), s.packets, "len " + len + ": packets");
        expect.equal(len, s.len, "len " + len + ": len field");
        expect.isTrue(
            s.lastNs >= before && s.lastNs <= after,
            "len "
                + len
                + ": lastNs "
                + s.lastNs
                + " not within this run ["
                + before
                + ", "
                + after
                + "]");
        firstRun.putIfAbsent(len, before);
        expect.isTrue(
            s.firstNs >= firstRun.get(len) && s.firstNs <= s.lastNs && s.firstNs >= start,
            "len " + len + ": firstNs " + s.firstNs + " is not the first run's time");
      }
      expect.equal(counts.keySet(), new java.util.HashSet<>(seen.keys()), "keys of the LRU map");
    }
    expect.verify();
  }
}
