package io.bpf4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.bpf4j.processor.DiagnosticsTest.assertCompiles;
import static io.bpf4j.processor.DiagnosticsTest.assertError;
import static io.bpf4j.processor.DiagnosticsTest.assertErrorMentioning;
import static io.bpf4j.processor.DiagnosticsTest.program;

import com.google.testing.compile.Compilation;
import io.bpf4j.processor.diag.Messages;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics of ring buffer reservations (the verifier's "submit or discard on every path" rule,
 * checked by {@code check.RingRecords}), perf event arrays, and the probe, socket and
 * traced-argument program sections.
 */
class EventDiagnosticsTest {
  /** {@code p.Prog}'s members: a ring of Counter records and {@code body} as a socket program. */
  private static DiagnosticsTest.Src ring(String body) {
    String indented =
        body.lines()
            .map(l -> l.isEmpty() ? l : "  " + l)
            .collect(java.util.stream.Collectors.joining("\n"));
    return program(
        "@Map(type = MapType.RINGBUF, maxEntries = 4096)\n"
            + "static RingBuf<Counter> events;\n\n"
            + "@Section(\"socket\")\npublic static int f(SkBuff skb) {\n"
            + indented
            + "\n}\n");
  }

  @Test
  void reservedRecordsSubmittedOrDiscardedOnEveryPathCompile() {
    assertCompiles(
        List.of("p.Prog"),
        ring("""
                for (int i = 0; i < 4; i++) {
                  Counter c = events.reserve();
                  if (c == null) {
                    return 0;
                  }
                  c.x = skb.len() + i;
                  if (c.x > 100) {
                    events.discard(c);
                    continue;
                  }
                  events.submit(c);
                }
                Counter d = events.reserve();
                if (d != null) {
                  d.hits = 1;
                  events.submit(d);
                }
                return 1;
                """)
            .file());
  }

  @Test
  void aRecordNotSubmittedOnSomePath() {
    assertError(
        Messages.ringRecordLeaked("events"),
        ring(
            """
            Counter c = events.reserve(); // <-
            if (c == null) {
              return 0;
            }
            c.x = skb.len();
            if (c.x > 100) {
              return 2;
            }
            events.submit(c);
            return 1;
            """));
  }

  @Test
  void aRecordNeverNullCheckedNorSubmitted() {
    assertError(
        Messages.ringRecordLeaked("events"),
        ring(
            """
            Counter c = events.reserve(); // <-
            return c == null ? 0 : 1;
            """));
  }

  @Test
  void aRecordUsedAfterItsSubmit() {
    assertError(
        Messages.ringRecordUsedAfterRelease(),
        ring(
            """
            Counter c = events.reserve();
            if (c == null) {
              return 0;
            }
            events.submit(c);
            c.x = 1; // <-
            return 1;
            """));
  }

  @Test
  void aRecordSubmittedTwice() {
    assertError(
        Messages.ringRecordUsedAfterRelease(),
        ring(
            """
            Counter c = events.reserve();
            if (c == null) {
              return 0;
            }
            if (skb.len() > 10) {
              events.discard(c);
            }
            events.submit(c); // <-
            return 1;
            """));
  }

  @Test
  void aRecordOpenWhereTheProgramMayFail() {
    assertErrorMentioning(
        "is neither submitted nor discarded when the statement on line",
        ring(
            """
            Counter c = events.reserve(); // <-
            if (c == null) {
              return 0;
            }
            c.x = 1000 / skb.mark();
            events.submit(c);
            return 1;
            """));
  }

  @Test
  void aRecordPassedToAMethodThatIsNotInlined() {
    DiagnosticsTest.Src src =
        program(
            """
            @Map(type = MapType.RINGBUF, maxEntries = 4096)
            static RingBuf<Counter> events;

            @Section("socket")
            public static int f(SkBuff skb) {
              Counter c = events.reserve();
              if (c == null) {
                return 0;
              }
              fill(c, skb.len()); // <-
              events.submit(c);
              return 1;
            }

            static void fill(Counter c, int len) {
              c.x = len;
            }
            """);
    Compilation c = TestCompiler.javac().withOptions("-Abpf4j.inline=false").compile(src.file());
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining("passed to a method that is not inlined")
        .inFile(src.file())
        .onLine(src.line());
  }

  @Test
  void reserveNeedsStructRecords() {
    assertErrorMentioning(
        "reserve() needs a ring buffer of @Struct records",
        program(
            """
            @Map(type = MapType.RINGBUF, maxEntries = 4096)
            static RingBuf<Long> events;

            @Section("socket")
            public static int f(SkBuff skb) {
              Long v = events.reserve(); // <-
              return v == null ? 0 : 1;
            }
            """));
  }

  @Test
  void perfEventArrayNeedsItsMapType() {
    assertError(
        Messages.perfEventArrayField(),
        program(
            """
            @Map(type = MapType.RINGBUF, maxEntries = 4096)
            static PerfEventArray<Counter> events; // <-

            @Section("socket")
            public static int f(SkBuff skb) {
              return 0;
            }
            """));
  }

  @Test
  void probeArgumentIndexMustBeAConstantBelowSix() {
    assertErrorMentioning(
        "PtRegs.arg(n) needs a constant n from 0 to 5",
        program(
            """
            @Section("uprobe//bin/sh:main")
            public static int f(PtRegs regs) {
              return (int) regs.arg(6); // <-
            }
            """));
  }

  @Test
  void bpfSockFieldNotReadableAtTheAttachPoint() {
    assertError(
        Messages.contextFieldNotAtAttachPoint("srcIp4", "cgroup/sock_create"),
        program(
            """
            @Section("cgroup/sock_create")
            public static int f(BpfSock sk) {
              return sk.srcIp4() == 0 ? 1 : 0; // <-
            }
            """));
  }

  @Test
  void uprobeTakesPtRegs() {
    assertError(
        Messages.contextMismatch("uprobe//bin/sh:main", "PtRegs", "SkBuff"),
        program(
            """
            @Section("uprobe//bin/sh:main")
            public static int f(SkBuff regs) { // <-
              return 0;
            }
            """));
  }

  @Test
  void tracedArgumentsArePrimitives() {
    assertError(
        Messages.tracedArgumentType("fentry/do_unlinkat", "skb"),
        program(
            """
            @Section("fentry/do_unlinkat")
            public static int f(SkBuff skb) { // <-
              return 0;
            }
            """));
  }

  @Test
  void tracedArgumentProgramsReturnInt() {
    assertError(
        Messages.tracedArgumentsShape("f", "fexit/do_unlinkat"),
        program(
            """
            @Section("fexit/do_unlinkat")
            public static long f(int dfd, long name, int ret) { // <-
              return 0;
            }
            """));
  }
}
