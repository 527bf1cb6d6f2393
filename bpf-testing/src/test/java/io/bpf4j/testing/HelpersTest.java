package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.object.kernel.ProgramType;
import org.junit.jupiter.api.Test;

/** The simulated helpers are deterministic and settable; outside a run they refuse. */
class HelpersTest {
  @License("GPL")
  static final class Sampler {
    @Struct
    static final class Sample {
      long t1;
      long t2;
      int r1;
      int r2;
      int cpu;
      long pidTgid;
      long cookie;
      int uid;
    }

    @Map(type = MapType.ARRAY, maxEntries = 1)
    static BpfMap<Integer, Sample> samples;

    @Section("socket")
    static int sample(SkBuff skb) {
      Sample s = samples.lookup(0);
      s.t1 = Bpf.ktimeGetNs();
      s.r1 = Bpf.getPrandomU32();
      s.r2 = Bpf.getPrandomU32();
      s.t2 = Bpf.ktimeGetNs();
      s.cpu = Bpf.getSmpProcessorId();
      s.pidTgid = Bpf.getCurrentPidTgid();
      s.cookie = Bpf.getSocketCookie(skb);
      s.uid = Bpf.getSocketUid(skb);
      return Bpf.htons(0x1234);
    }
  }

  private static Sampler.Sample sample(BpfSimulator sim, SkBuff skb) {
    sim.run("sample", skb);
    return sim.map("samples", Integer.class, Sampler.Sample.class).get(0);
  }

  @Test
  void theClockAdvancesBySteps() {
    BpfSimulator sim = BpfSimulator.of(Sampler.class);
    SkBuff skb = SimSkBuff.testRun(ProgramType.SOCKET_FILTER, Frames.ipv4(60, 6)).build();
    Sampler.Sample s = sample(sim, skb);
    assertEquals(1_000_000_000L, s.t1);
    assertEquals(1_000_001_000L, s.t2);
    sim.clockNs(5_000).clockStepNs(10);
    s = sample(sim, skb);
    assertEquals(5_000, s.t1);
    assertEquals(5_010, s.t2);
    assertEquals(5_020, sim.clockNs());
  }

  @Test
  void randomNumbersRepeatForASeed() {
    SkBuff skb = SimSkBuff.testRun(ProgramType.SOCKET_FILTER, Frames.ipv4(60, 6)).build();
    Sampler.Sample a = sample(BpfSimulator.of(Sampler.class).randomSeed(7), skb);
    Sampler.Sample b = sample(BpfSimulator.of(Sampler.class).randomSeed(7), skb);
    assertEquals(a.r1, b.r1);
    assertEquals(a.r2, b.r2);
    assertNotEquals(a.r1, a.r2);
    Sampler.Sample c = sample(BpfSimulator.of(Sampler.class).randomSeed(8), skb);
    assertNotEquals(a.r1, c.r1);
  }

  @Test
  void cpuPidAndSocketAreSettable() {
    BpfSimulator sim = BpfSimulator.of(Sampler.class).onCpu(3).pidTgid((7L << 32) | 9);
    SkBuff skb =
        SimSkBuff.testRun(ProgramType.SOCKET_FILTER, Frames.ipv4(60, 6))
            .socketCookie(4242)
            .socketUid(1000)
            .build();
    Sampler.Sample s = sample(sim, skb);
    assertEquals(3, s.cpu);
    assertEquals((7L << 32) | 9, s.pidTgid);
    assertEquals(4242, s.cookie);
    assertEquals(1000, s.uid);
    Sampler.Sample d =
        sample(
            BpfSimulator.of(Sampler.class),
            SimSkBuff.testRun(ProgramType.SOCKET_FILTER, Frames.ipv4(60, 6)).build());
    assertEquals(0, d.cpu);
    assertEquals(1, d.cookie);
    assertEquals(0, d.uid);
  }

  @Test
  void byteOrderConversionsWorkAnywhere() {
    assertEquals(0x3412, Bpf.htons(0x1234));
    assertEquals(0x78563412, Bpf.htonl(0x12345678));
    assertEquals(
        0x3412, BpfSimulator.of(Sampler.class).run("sample", Frames.ipv4(60, 6)).returnValue());
  }

  @Test
  void outsideARunTheHelpersSayWhereTheyWork() {
    UnsupportedOperationException e =
        assertThrows(UnsupportedOperationException.class, () -> Bpf.printk("x"));
    assertTrue(e.getMessage().contains("BpfSimulator"), e.getMessage());
    assertThrows(UnsupportedOperationException.class, Bpf::ktimeGetNs);
    BpfSimulator.of(Sampler.class).run("sample", Frames.ipv4(60, 6));
    assertThrows(UnsupportedOperationException.class, Bpf::getPrandomU32, "uninstalled after");
  }
}
