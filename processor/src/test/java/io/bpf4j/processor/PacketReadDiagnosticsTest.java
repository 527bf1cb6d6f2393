package io.bpf4j.processor;

import static io.bpf4j.processor.DiagnosticsTest.assertCompiles;
import static io.bpf4j.processor.DiagnosticsTest.assertError;
import static io.bpf4j.processor.DiagnosticsTest.program;
import static io.bpf4j.processor.DiagnosticsTest.socket;

import io.bpf4j.processor.diag.Messages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Diagnostics of packet reads: {@code linearLength()} outside tc. */
class PacketReadDiagnosticsTest {
  @Test
  void linearLengthInASocketFilterIsRefusedOnItsLine() {
    assertError(
        Messages.linearLengthOutsideTc("socket"),
        socket(
            """
            if (skb.linearLength() < 14) { // <-
              return 0;
            }
            return skb.loadHalf(12);
            """));
  }

  @Test
  void linearLengthInCgroupSkbIsRefused() {
    assertError(
        Messages.linearLengthOutsideTc("cgroup_skb/egress"),
        program(
            """
            @Section("cgroup_skb/egress")
            public static int f(SkBuff skb) {
              return skb.linearLength() > 100 ? 1 : 0; // <-
            }
            """));
  }

  @Test
  void linearLengthInTcAndTcxCompiles() {
    DiagnosticsTest.Src src =
        program(
            """
            @Section("tc")
            public static int f(SkBuff skb) {
              if (skb.linearLength() < 14) {
                return 0;
              }
              return skb.loadHalf(12);
            }

            @Section("tcx/egress")
            public static int g(SkBuff skb) {
              return skb.linearLength();
            }
            """);
    assertCompiles(List.of("p.Prog"), src.file());
  }
}
