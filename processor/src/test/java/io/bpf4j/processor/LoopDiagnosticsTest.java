package io.bpf4j.processor;

import static io.bpf4j.processor.DiagnosticsTest.assertError;
import static io.bpf4j.processor.DiagnosticsTest.socket;

import io.bpf4j.processor.diag.Messages;
import org.junit.jupiter.api.Test;

/** {@code Bpf.loop}: callbacks bpf_loop can call, and what it accepts as count and ctx. */
class LoopDiagnosticsTest {
  private static final String CALLBACK =
      """
      static long step(int index, Counter c) {
        c.x += index;
        return 0;
      }
      """;

  @Test
  void aCapturingLambdaIsAnError() {
    assertError(
        Messages.loopCallbackCaptures(),
        socket(
            """
            Counter c = new Counter();
            int k = skb.len();
            Bpf.loop(10, (i, ctx) -> k, c); // <-
            return 0;
            """));
  }

  @Test
  void aMethodOfAnotherClassIsAnError() {
    assertError(
        Messages.loopCallbackNotStatic("compare"),
        socket(
            """
            Bpf.loop(10, Integer::compare, 5); // <-
            return 0;
            """));
  }

  @Test
  void aCallbackTakingALongIndexIsAnError() {
    assertError(
        Messages.loopCallbackSignature("wide"),
        socket(
            """
            Counter c = new Counter();
            Bpf.loop(10, Prog::wide, c); // <-
            return 0;
            """,
            """
            static long wide(long index, Counter c) {
              return 0;
            }
            """));
  }

  @Test
  void moreThanMaxLoopsIsAnError() {
    assertError(
        Messages.loopCount(10_000_000),
        socket(
            """
            Counter c = new Counter();
            return Bpf.loop(10_000_000, Prog::step, c); // <-
            """,
            CALLBACK));
  }

  @Test
  void aCtxThatIsNotAPointerIsAnError() {
    assertError(
        Messages.loopContext(),
        socket(
            """
            return Bpf.loop(10, (i, n) -> 0, 7L); // <-
            """));
  }
}
