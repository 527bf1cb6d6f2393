package io.bpf4j.processor;

import static io.bpf4j.processor.DiagnosticsTest.assertError;
import static io.bpf4j.processor.DiagnosticsTest.assertErrorMentioning;
import static io.bpf4j.processor.DiagnosticsTest.program;
import static io.bpf4j.processor.DiagnosticsTest.socket;

import io.bpf4j.processor.diag.Messages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Diagnostics of arrays, packet reads, ring buffers, tail-call targets and tracing contexts. */
class NewDiagnosticsTest {
  @Test
  void newInALoopWhileItsObjectIsKept() {
    // Found by the simulator against the kernel: both objects shared the new's one stack slot.
    assertError(
        Messages.newStillInUse(),
        socket(
            """
            Cell prev = null;
            int sum = 0;
            for (int i = 0; i < 3; i++) {
              Cell c = new Cell(); // <-
              c.value = skb.len() + i;
              if (prev != null) {
                sum += prev.value * 100;
              }
              sum += c.value;
              prev = c;
            }
            return sum;
            """,
            """
            @io.bpf4j.annotations.Struct
            public static final class Cell {
              public int value;
            }
            """));
  }

  @Test
  void newInALoopWithoutKeepingItsObjectCompiles() {
    DiagnosticsTest.Src src =
        socket(
            """
            int sum = 0;
            for (int i = 0; i < 3; i++) {
              Cell c = new Cell();
              c.value = skb.len() + i;
              sum += c.value;
            }
            return sum;
            """,
            """
            @io.bpf4j.annotations.Struct
            public static final class Cell {
              public int value;
            }
            """);
    DiagnosticsTest.assertCompiles(List.of("p.Prog"), src.file());
  }

  @Test
  void arrayLengthMustBeConstant() {
    assertError(
        Messages.arrayLength(),
        socket(
            """
            int n = skb.len() & 7;
            int[] a = new int[n]; // <-
            return a.length;
            """));
  }

  @Test
  void arrayLocalAssignedTwice() {
    assertError(
        Messages.arrayLocal(),
        socket(
            """
            int[] a = new int[2]; // <-
            if (skb.len() > 10) {
              a = new int[4]; // <-
            }
            return a.length;
            """));
  }

  @Test
  void arrayOfObjects() {
    assertError(
        Messages.arrays(),
        socket(
            """
            Object[] a = new Object[2]; // <-
            return a.length;
            """));
  }

  @Test
  void arrayPassedToAMethod() {
    assertErrorMentioning(
        "passing an array to a method",
        socket(
            """
            int[] a = new int[2];
            return sum(a); // <-
            """,
            """
            static int sum(int[] a) {
              return 0;
            }
            """));
  }

  @Test
  void loadBytesNeedsAByteArray() {
    assertErrorMentioning(
        "loadBytes needs a non-empty byte[]",
        socket(
            """
            int[] a = new int[4];
            return skb.loadBytes(0, new byte[0]) + skb.loadBytes(0, toBytes()); // <-
            """,
            """
            static byte[] toBytes() {
              return null;
            }
            """));
  }

  @Test
  void ringBufferSizeMustBeAPowerOfTwoPage() {
    assertErrorMentioning(
        "a power of two of at least 4096",
        program(
            """
            @Map(type = MapType.RINGBUF, maxEntries = 1000)
            static RingBuf<Counter> events; // <-

            @Section("socket")
            public static int f(SkBuff skb) {
              return 0;
            }
            """));
  }

  @Test
  void tailCallTargetSlotOutOfRange() {
    assertErrorMentioning(
        "is outside jumps",
        program(
            """
            @Map(type = MapType.PROG_ARRAY, maxEntries = 2)
            static ProgArray jumps;

            @Section("socket")
            @TailCallTarget(map = "jumps", index = 2)
            public static int g(SkBuff skb) { // <-
              return 0;
            }
            """));
  }

  @Test
  void tailCallTargetSlotTakenTwice() {
    assertErrorMentioning(
        "is already filled by g",
        program(
            """
            @Map(type = MapType.PROG_ARRAY, maxEntries = 2)
            static ProgArray jumps;

            @Section("socket")
            @TailCallTarget(map = "jumps", index = 1)
            public static int g(SkBuff skb) {
              return 0;
            }

            @Section("socket")
            @TailCallTarget(map = "jumps", index = 1)
            public static int h(SkBuff skb) { // <-
              return 0;
            }
            """));
  }

  @Test
  void tracepointFieldOffsetMustBeAlignedConstant() {
    assertErrorMentioning(
        "a context field offset must be a constant",
        program(
            """
            @Section("tracepoint/sched/sched_process_exec")
            public static int f(TracepointContext ctx) {
              return ctx.readInt(6); // <-
            }
            """));
  }

  @Test
  void rawTracepointArgumentIndexMustBeConstant() {
    assertErrorMentioning(
        "needs a constant index from 0 to 11",
        program(
            """
            @Section("raw_tracepoint/sched_switch")
            public static int f(RawTracepointArgs args) {
              return (int) args.arg(12); // <-
            }
            """));
  }

  @Test
  void methodThatMayFailTakesAtMostFourArguments() {
    assertError(
        Messages.tooManyArgumentsToFail("five", 5),
        socket(
            """
            int len = skb.len();
            return five(len, 1, 2, 3, 4);
            """,
            """
            static int five(int a, int b, int c, int d, int e) { // <-
              return a / b + c + d + e; // <-
            }
            """));
  }

  @Test
  void helperNotAvailableToTheProgramType() {
    assertError(
        Messages.helperNotAllowed(
            "bpf_skb_load_bytes", "xdp", "f", "[cgroup_skb, sched_cls, socket_filter]"),
        program(
            """
            @Helper(id = 26)
            static native int skbLoadBytes(XdpMd ctx, int offset, long to, int length);

            @Section("xdp")
            public static int f(XdpMd ctx) {
              return skbLoadBytes(ctx, 0, 0, 4); // <-
            }
            """));
  }

  @Test
  void helperNotAvailableInAMethodReachedFromTheProgram() {
    assertError(
        Messages.helperNotAllowed("bpf_xdp_load_bytes", "socket", "f", "[xdp]"),
        program(
            """
            @Helper(id = 189)
            static native int xdpLoadBytes(SkBuff ctx, int offset, long to, int length);

            @Section("socket")
            public static int f(SkBuff skb) {
              return read(skb);
            }

            static int read(SkBuff skb) {
              return xdpLoadBytes(skb, 0, 0, 4); // <-
            }
            """));
  }
}
