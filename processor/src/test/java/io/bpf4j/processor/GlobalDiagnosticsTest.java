package io.bpf4j.processor;

import static io.bpf4j.processor.DiagnosticsTest.assertError;
import static io.bpf4j.processor.DiagnosticsTest.socket;

import io.bpf4j.processor.diag.Messages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code @Global} and {@code @Config} fields: their shape, their initializers, their writes. */
class GlobalDiagnosticsTest {
  @Test
  void writingConfigInBpfCodeIsAnError() {
    assertError(
        Messages.configWrite("limit"),
        socket(
            """
            limit = skb.len(); // <-
            return 0;
            """,
            "@Config static int limit = 5;"));
  }

  @Test
  void writingAPlainStaticFieldIsAnError() {
    assertError(
        Messages.staticFieldWrite("plain"),
        socket(
            """
            plain = 1; // <-
            return 0;
            """,
            "static int plain;"));
  }

  @Test
  void aFinalGlobalIsAnError() {
    assertError(
        Messages.globalFieldShape("x", "@Global"),
        socket("return 0;", "@Global static final int x = 1; // <-"));
  }

  @Test
  void anInstanceConfigFieldIsAnError() {
    assertError(
        Messages.globalFieldShape("x", "@Config"), socket("return 0;", "@Config int x; // <-"));
  }

  @Test
  void aGlobalOfAnotherTypeIsAnError() {
    assertError(
        Messages.globalFieldType("name", "@Global", "java.lang.String"),
        socket("return 0;", "@Global static String name; // <-"));
  }

  @Test
  void globalAndConfigTogetherIsAnError() {
    assertError(
        Messages.globalAndConfig("x"), socket("return 0;", "@Global @Config static int x; // <-"));
  }

  @Test
  void aMapThatIsAlsoAGlobalIsAnError() {
    assertError(
        Messages.globalAndMap("m", "@Global"),
        socket(
            "return 0;",
            "@Global @Map(type = MapType.ARRAY, maxEntries = 1)\n"
                + "static BpfMap<Integer, Long> m; // <-"));
  }

  @Test
  void atomicConfigIsAnError() {
    assertError(
        Messages.globalAtomicConfig("n"),
        socket("return 0;", "@Config @Atomic static long n; // <-"));
  }

  @Test
  void anAtomicByteGlobalIsAnError() {
    assertError(
        Messages.atomicFieldType("b"), socket("return 0;", "@Global @Atomic static byte b; // <-"));
  }

  @Test
  void aComputedInitializerIsAnErrorOnItsLine() {
    assertError(
        Messages.globalInitializer("x"),
        socket("return x;", "@Global static int x = Integer.parseInt(\"4\"); // <-"));
  }

  @Test
  void anArrayWithoutALengthIsAnErrorOnTheField() {
    assertError(
        Messages.globalArrayLength("a"),
        socket("return (int) a[0];", "@Global static long[] a; // <-"));
  }

  @Test
  void replacingAGlobalArrayIsAnError() {
    assertError(
        Messages.globalArrayAssigned("a"),
        socket(
            """
            a = new long[2]; // <-
            return 0;
            """,
            "@Global static long[] a = new long[2];"));
  }

  @Test
  void replacingAGlobalStructIsAnError() {
    assertError(
        Messages.globalStructAssigned("c"),
        socket(
            """
            c = new Counter(); // <-
            return 0;
            """,
            "@Global static Counter c;"));
  }

  @Test
  void usingTheResultOfAnAtomicGlobalUpdateIsAnError() {
    assertError(
        Messages.atomicResultUsed("n"),
        socket(
            """
            long v = n += 2; // <-
            return (int) v;
            """,
            "@Global @Atomic static long n;"));
  }

  @Test
  void everyShapeCompiles() {
    DiagnosticsTest.Src src =
        socket(
            """
            total += skb.len();
            hits++;
            hist[skb.len() & 3]++;
            c.x = weights[1];
            if (debug) {
              return limit;
            }
            return (int) total + seed;
            """,
            """
            @Global static long total;
            @Global @Atomic static int hits;
            @Global static int seed = 0x1234;
            @Global static long[] hist = new long[4];
            @Global static short[] weights = {1, -2, 3};
            @Global static Counter c = new Counter();
            @Config static boolean debug = true;
            @Config static int limit = 1 << 20;
            """);
    DiagnosticsTest.assertCompiles(List.of("p.Prog"), src.file());
  }
}
