package io.bpf4j.it.corpus;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.TracePipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * corpus/Printk.java: bpf_trace_printk returns the length of the line it formatted, so each call's
 * return value is checked against the line formatted here; the lines, marked with a random nonce,
 * must also appear in the trace pipe.
 */
class PrintkTest {
  static final class Trace {
    int nonce;
    int ret0;
    int ret1;
    int ret2;
    int ret3;
  }

  @Test
  void printkFormatsWithZeroToThreeArguments() {
    KernelAssumptions.require(
        Files.exists(Path.of("/sys/kernel/tracing/trace_pipe"))
            || Files.exists(Path.of("/sys/kernel/debug/tracing/trace_pipe")),
        "tracefs is not mounted: mount -t tracefs nodev /sys/kernel/tracing");
    int nonce = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
    byte[] frame = Packet.icmpFrame(98);
    int len = Packet.networkLength(frame);
    List<String> lines =
        List.of(
            "bpf4j corpus printk without arguments",
            String.format("bpf4j corpus nonce=%d", nonce),
            String.format("bpf4j corpus nonce=%d len=%d", nonce, len),
            String.format(
                "bpf4j corpus nonce=%x len=%d proto=%x", nonce, len, Packet.etherTypeOf(frame)));
    Expect expect = new Expect("Printk");
    try (BpfObject obj = Corpus.load("Printk");
        MapHandle<Integer, Trace> traces = obj.map("traces", Integer.class, Trace.class);
        TracePipe pipe = TracePipe.open()) {
      Trace t = new Trace();
      t.nonce = nonce;
      traces.put(0, t);
      int ret = obj.program("trace").testRun(frame, 1).retval();
      expect.equal(1, ret, "return value");
      Trace got = traces.get(0);
      int[] rets = {got.ret0, got.ret1, got.ret2, got.ret3};
      for (int i = 0; i < 4; i++) {
        expect.equal(
            lines.get(i).length() + 1,
            rets[i],
            "printk #" + i + " returns its length with \\n: " + lines.get(i));
      }
      List<String> missing = new ArrayList<>(lines.subList(1, 4));
      List<String> seen = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!missing.isEmpty() && System.nanoTime() < deadline) {
        String line = pipe.readLine(Duration.ofMillis(200));
        if (line != null) {
          seen.add(line);
          missing.removeIf(line::endsWith);
        }
      }
      expect.isTrue(missing.isEmpty(), "not in the trace pipe: " + missing + "; read: " + seen);
    }
    expect.verify();
  }
}
