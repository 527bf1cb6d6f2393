package io.bpf4j.processor;

import static io.bpf4j.processor.DiagnosticsTest.assertCompiles;
import static io.bpf4j.processor.DiagnosticsTest.assertError;
import static io.bpf4j.processor.DiagnosticsTest.socket;

import io.bpf4j.processor.diag.Messages;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Programs that {@link ProcessorFuzzTest} found mishandled, shrunk by hand: valid Java that was
 * rejected, unsupported Java that was accepted, and errors on the wrong line or with a misleading
 * message.
 */
class FuzzRegressionTest {
  // ---- valid programs that were rejected

  @Test
  void arrayDeclaredAfterADivisionByConstantZeroCompiles() {
    // Everything after the division is dead, but javac's control flow reaches the loop through it:
    // the array must still be known there (it was reported as "only primitive arrays...").
    assertCompiles(
        List.of("p.Prog"),
        socket(
                """
                int acc = skb.len() / 0;
                int[] a = new int[3];
                for (int i = 0; i < 3; i++) {
                  a[i] = acc;
                }
                return a[1];
                """)
            .file());
  }

  @Test
  void arrayDeclaredAfterAConstantIndexOutOfBoundsCompiles() {
    assertCompiles(
        List.of("p.Prog"),
        socket(
                """
                char[] c = new char[3];
                int acc = c[5];
                long[] a = new long[2];
                if (skb.len() > 10) {
                  a[1] = acc;
                }
                return (int) a[1];
                """)
            .file());
  }

  @Test
  void arraysOfSiblingBlocksSharingASlotCompile() {
    // javac gives both arrays (and the struct before them) the same local slot.
    assertCompiles(
        List.of("p.Prog"),
        socket(
                """
                int acc = skb.len();
                {
                  Counter c = counters.lookup(1);
                  if (c != null) {
                    acc += c.x;
                  }
                }
                if (acc > 3) {
                  int[] a = new int[2];
                  a[1] = acc;
                  acc += a[1];
                } else {
                  long[] b = new long[4];
                  b[3] = acc;
                  acc += (int) b[3];
                }
                return acc;
                """)
            .file());
  }

  @Test
  void longAssignedThroughAnArrayElementCompiles() {
    // javac's dup2_x2 (a long copied below the array and the index) was "not supported".
    assertCompiles(
        List.of("p.Prog"),
        socket(
                """
                long[] a = new long[2];
                long y = a[1] = skb.len();
                long z = a[0] = a[1] + 1;
                return (int) (y + z);
                """)
            .file());
  }

  @Test
  void arrayLocalAssignedAgainOnOnePathIsReportedOnTheAssignment() {
    assertError(
        Messages.arrayLocal(),
        socket(
            """
            int[] a = new int[2];
            if (skb.len() > 10) {
              a = new int[4]; // <-
            }
            return a[0];
            """));
  }

  // ---- unsupported programs that were accepted

  @Test
  void castToAnotherStructIsRejected() {
    // It compiled, and wrote w past the end of the Counter on the stack.
    assertError(
        Messages.referenceCast("Other"),
        socket(
            """
            Object o = new Counter();
            Other other = (Other) o; // <-
            other.w = skb.len();
            return 0;
            """,
            """
            @Struct
            public static final class Other {
              public long x;
              public long y;
              public long z;
              public long w;
            }
            """));
  }

  @Test
  void castOfAMapValueToAnotherStructIsRejected() {
    // The cast follows the lookup, like the one javac inserts, but to another type.
    assertError(
        Messages.referenceCast("Other"),
        socket(
            """
            Other other = (Other) (Object) counters.lookup(1); // <-
            if (other != null) {
              other.w = skb.len();
            }
            return 0;
            """,
            """
            @Struct
            public static final class Other {
              public long x;
              public long y;
              public long z;
              public long w;
            }
            """));
  }

  @Test
  void castOfTheContextIsRejected() {
    assertError(
        Messages.referenceCast("SkBuff"),
        socket(
            """
            Object o = skb;
            return ((SkBuff) o).len(); // <-
            """));
  }

  @Test
  void nativeMethodThatIsNotAHelperIsRejected() {
    // It compiled to a function returning 0.
    assertError(
        Messages.nativeWithoutHelper("now"),
        socket(
            """
            long t = now(); // <-
            return (int) t;
            """,
            """
            static native long now();
            """));
  }

  @Test
  void structExtendingAnotherStructIsRejected() {
    // Its layout left out the inherited field, which then overlapped its own through the
    // superclass's offsets.
    assertError(
        Messages.structExtends("Sub", "Base"),
        socket(
            """
            Base b = new Sub();
            b.x = skb.len();
            return 0;
            """,
            """
            @Struct
            public static class Base {
              public long x;
            }

            @Struct
            public static final class Sub extends Base { // <-
              public long y;
            }
            """));
  }

  @Test
  void structFieldInitializerIsRejected() {
    // new Init() zeroes the object: the initializer was silently skipped.
    assertError(
        Messages.structInitializer("Init"),
        socket(
            """
            Init i = new Init();
            return i.a;
            """,
            """
            @Struct
            public static final class Init {
              public int a = 5; // <-
            }
            """));
  }

  @Test
  void structConstructorBodyIsRejected() {
    assertError(
        Messages.structInitializer("Init"),
        socket(
            """
            Init i = new Init();
            return i.a;
            """,
            """
            @Struct
            public static final class Init {
              public int a;

              public Init() { // <-
                a = 7;
              }
            }
            """));
  }

  @Test
  void structInitializerBlockIsRejected() {
    assertError(
        Messages.structInitializer("Init"),
        socket(
            """
            Init i = new Init();
            return i.a;
            """,
            """
            @Struct
            public static final class Init { // <-
              public int a;

              {
                a = 9;
              }
            }
            """));
  }

  @Test
  void structWithAnEmptyConstructorCompiles() {
    assertCompiles(
        List.of("p.Prog"),
        socket(
                """
                Empty e = new Empty();
                e.a = skb.len();
                return e.a;
                """,
                """
                @Struct
                public static final class Empty {
                  public int a;

                  public Empty() {
                    super();
                  }
                }
                """)
            .file());
  }

  // ---- errors on the wrong line

  @Test
  void tryFinallyOnOneLineIsReportedOnItsLine() {
    // The finally handler has no line entry of its own; the next line was blamed.
    assertError(
        Messages.exceptions(),
        socket(
            """
            int acc = skb.len();
            try { acc++; } finally { acc--; } // <-
            acc += 3;
            return acc;
            """));
  }

  @Test
  void tryCatchOnOneLineIsReportedOnItsLine() {
    assertError(
        Messages.exceptions(),
        socket(
            """
            int acc = skb.len();
            try { acc += 10 / acc; } catch (ArithmeticException e) { acc = 0; } // <-
            acc += 5;
            return acc;
            """));
  }

  @Test
  void multiLineTryFinallyIsReportedInTheTry() {
    assertError(
        Messages.exceptions(),
        socket(
            """
            int acc = skb.len();
            try {
              acc++; // <-
            } finally {
              acc--;
            }
            return acc;
            """));
  }

  // ---- misleading messages

  @Test
  void arrayChosenWithConditionalIsAnArrayError() {
    // It said "a map cannot be stored in a local variable".
    assertError(
        Messages.arrayLocal(),
        socket(
            """
            int[] a = new int[2];
            int[] b = new int[2];
            int[] c = skb.len() > 3 ? a : b; // <-
            return c[0];
            """));
  }

  @Test
  void assertStatementIsNamed() {
    // It said "cannot read static field p.Prog.$assertionsDisabled".
    assertError(
        Messages.assertions(),
        socket(
            """
            int acc = skb.len();
            assert acc > 0; // <-
            return acc;
            """));
  }

  @Test
  void anonymousClassIsNamed() {
    // It said "cannot allocate 1".
    assertError(
        Messages.newOfNonStruct("an anonymous class"),
        socket(
            """
            Object o = new Object() {}; // <-
            return skb.len();
            """));
  }

  @Test
  void boxedByteIsNamed() {
    // It said "cannot call Byte.valueOf ... move the logic into a static method of this class".
    assertError(
        Messages.boxing("Byte", "byte"),
        socket(
            """
            Object o = (byte) skb.len(); // <-
            return 0;
            """));
  }

  @Test
  void arrayCloneNamesTheArrayType() {
    // It said "cannot call [I.clone".
    assertError(
        Messages.virtualCall("int[]", "clone"),
        socket(
            """
            int[] a = new int[2];
            int[] b = a.clone(); // <-
            return b[0];
            """));
  }
}
