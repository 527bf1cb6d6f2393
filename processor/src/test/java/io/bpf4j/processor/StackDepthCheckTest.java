package io.bpf4j.processor;

import static io.bpf4j.processor.DiagnosticsTest.assertCompiles;
import static io.bpf4j.processor.DiagnosticsTest.assertError;
import static io.bpf4j.processor.DiagnosticsTest.program;

import io.bpf4j.processor.diag.LoaderMessages;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 5b: a chain of BPF-to-BPF calls whose frames add up to more than the verifier's
 * 512 bytes used to compile, and the kernel then refused it with "combined stack size of 2 calls is
 * 608. Too large", naming no function; now javac reports the chain and each frame on the program.
 * Each method keeps an array live across its call, so that inlining would make one frame over 512
 * bytes and the processor calls instead.
 */
class StackDepthCheckTest {
  private static final String HASH =
      """
      static long hash(int x) {
        long[] h = new long[32];
        for (int i = 0; i < 32; i++) {
          h[i] = x * 31L + i;
        }
        long s = 0;
        for (int i = 0; i < 32; i++) {
          s ^= h[i];
        }
        return s;
      }
      """;

  private static final String PARSE =
      """
      static long parse(int x) {
        long[] p = new long[40];
        for (int i = 0; i < 40; i++) {
          p[i] = x + i;
        }
        long s = hash(x);
        for (int i = 0; i < 40; i++) {
          s += p[i];
        }
        return s;
      }
      """;

  private static String handle(int longs, String callee) {
    return """
        @Section("socket")
        public static int handle(SkBuff skb) { // <-
          long[] a = new long[N];
          for (int i = 0; i < N; i++) {
            a[i] = skb.len() + i;
          }
          long s = CALLEE(skb);
          for (int i = 0; i < N; i++) {
            s += a[i];
          }
          return (int) s;
        }
        """
        .replace("N", Integer.toString(longs))
        .replace("CALLEE(skb)", callee);
  }

  @Test
  void combinedStackOfThreeFramesNamesTheChain() {
    // 256-byte arrays plus the 8-byte flag of a callee that may fail, rounded up to 16 bytes.
    assertError(
        LoaderMessages.combinedStack(864, 512, "handle (272 B) -> parse (336 B) -> hash (256 B)"),
        program(handle(32, "parse(skb.len())") + PARSE + HASH));
  }

  @Test
  void chainWithinTheLimitCompiles() {
    assertCompiles(
        List.of("p.Prog"),
        program(handle(8, "parse(skb.len())") + PARSE.replace("40", "16") + HASH).file());
  }

  @Test
  void tailCallFromASubprogramBelowLargeFrames() {
    assertError(
        LoaderMessages.stackBeforeTailCall("jump", 272, 256, "handle (272 B) -> jump (320 B)"),
        program(
            handle(32, "jump(skb)")
                + """
                @Map(type = MapType.PROG_ARRAY, maxEntries = 1)
                static ProgArray jumps;

                static long jump(SkBuff skb) {
                  long[] p = new long[40];
                  for (int i = 0; i < 40; i++) {
                    p[i] = skb.len() + i;
                  }
                  jumps.tailCall(skb, 0);
                  long s = 0;
                  for (int i = 0; i < 40; i++) {
                    s += p[i];
                  }
                  return s;
                }
                """));
  }
}
