package io.bpf4j.processor;

import static io.bpf4j.processor.DiagnosticsTest.assertCompiles;
import static io.bpf4j.processor.DiagnosticsTest.assertError;
import static io.bpf4j.processor.DiagnosticsTest.program;
import static io.bpf4j.processor.DiagnosticsTest.socket;

import io.bpf4j.processor.diag.LoaderMessages;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 3: every rule a loader enforces on an object's names and map sizes is a javac
 * error on the field or method that breaks it. Each source here used to compile into an object that
 * the kernel, libbpf/bpftool or the bpf4j runtime then refused.
 */
class LoaderRulesTest {
  private static final String IDENT = "is not a C identifier";

  // ---- names

  @Test
  void twoMapsWithTheSameExplicitName() {
    assertError(
        LoaderMessages.duplicateMapName("same", "a"),
        socket(
            "return 0;",
            """
            @Map(type = MapType.HASH, maxEntries = 4, name = "same")
            static BpfMap<Integer, Long> a;
            @Map(type = MapType.HASH, maxEntries = 4, name = "same")
            static BpfMap<Integer, Long> b; // <-
            """));
  }

  @Test
  void explicitNameEqualToAnotherMapsFieldName() {
    assertError(
        LoaderMessages.duplicateMapName("b", "a"),
        socket(
            "return 0;",
            """
            @Map(type = MapType.HASH, maxEntries = 4, name = "b")
            static BpfMap<Integer, Long> a;
            @Map(type = MapType.HASH, maxEntries = 4)
            static BpfMap<Integer, Long> b; // <-
            """));
  }

  @Test
  void mapNameWithADash() {
    assertError(
        LoaderMessages.mapNameNotIdentifier("my-map", true),
        socket(
            "return 0;",
            """
            @Map(type = MapType.HASH, maxEntries = 4, name = "my-map")
            static BpfMap<Integer, Long> a; // <-
            """));
  }

  @Test
  void mapNameWithADotWhichBpffsRefusesToPin() {
    assertError(
        LoaderMessages.mapNameNotIdentifier("my.map", true),
        socket(
            "return 0;",
            """
            @Map(type = MapType.HASH, maxEntries = 4, name = "my.map")
            static BpfMap<Integer, Long> a; // <-
            """));
  }

  @Test
  void mapFieldNameWithADollar() {
    assertError(
        LoaderMessages.mapNameNotIdentifier("a$b", false),
        socket(
            "return 0;",
            """
            @Map(type = MapType.HASH, maxEntries = 4)
            static BpfMap<Integer, Long> a$b; // <-
            """));
  }

  @Test
  void mapNamedLikeAProgram() {
    assertError(
        LoaderMessages.mapNamedLikeProgram("f"),
        socket(
            "return 0;",
            """
            @Map(type = MapType.HASH, maxEntries = 4)
            static BpfMap<Integer, Long> f; // <-
            """));
  }

  @Test
  void overloadedPrograms() {
    assertError(
        LoaderMessages.duplicateProgramName("f"),
        socket(
            "return 0;",
            """
            @Section("xdp")
            public static int f(XdpMd ctx) { // <-
              return 2;
            }
            """));
  }

  @Test
  void programNameWithADollar() {
    assertError(
        LoaderMessages.programNameNotIdentifier("g$1"),
        socket(
            "return 0;",
            """
            @Section("socket")
            public static int g$1(SkBuff skb) { // <-
              return 1;
            }
            """));
  }

  @Test
  void structFieldNameWithADollar() {
    assertError(
        LoaderMessages.structNameNotIdentifier("@Struct field", "a$b"),
        socket(
            "return 0;",
            """
            @Struct
            public static final class Pair {
              public long a$b; // <-
            }
            @Map(type = MapType.HASH, maxEntries = 4)
            static BpfMap<Integer, Pair> pairs;
            """));
  }

  @Test
  void longNamesAndSubprogramsWithADollarCompile() {
    // libbpf and the runtime cut kernel names to 15 characters and pin under the whole name;
    // subprogram names are the processor's own, so it makes them identifiers.
    assertCompiles(
        List.of("p.Prog"),
        socket(
                "return sum$of(skb.len()) + (aVeryLongMapNameIndeed.lookup(1) == null ? 0 : 1);",
                """
                @Map(type = MapType.HASH, maxEntries = 4)
                static BpfMap<Integer, Long> aVeryLongMapNameIndeed;
                @Map(type = MapType.HASH, maxEntries = 4)
                static BpfMap<Integer, Long> aVeryLongMapNameIndeed2;
                static int sum$of(int n$) {
                  int s = 0;
                  for (int i = 0; i < 40; i++) {
                    s += (n$ ^ i) * 31 + (s >>> 3);
                  }
                  return s;
                }
                """)
            .file());
  }

  // ---- sizes and flags

  @Test
  void arrayWithLongKeys() {
    assertError(
        LoaderMessages.keySize("a", "ARRAY", 8, "4-byte keys (Integer indexes)"),
        socket(
            "return 0;",
            """
            @Map(type = MapType.ARRAY, maxEntries = 4)
            static BpfMap<Long, Long> a; // <-
            """));
  }

  @Test
  void hashKeyLargerThanTheBpfStack() {
    String fields =
        IntStream.range(0, 65)
            .mapToObj(i -> "public long f" + i + ";")
            .collect(Collectors.joining("\n  "));
    assertError(
        LoaderMessages.keySize("h", "HASH", 520, "keys of 1 to 512 bytes"),
        socket(
            "return 0;",
            "@Struct\npublic static final class Wide {\n  "
                + fields
                + "\n}\n"
                + "@Map(type = MapType.HASH, maxEntries = 4)\n"
                + "static BpfMap<Wide, Long> h; // <-\n"));
  }

  @Test
  void progArrayDeclaredAsBpfMap() {
    assertError(
        LoaderMessages.valueSize("jumps", "PROG_ARRAY", 8, "4-byte values (file descriptors)"),
        socket(
            "return 0;",
            """
            @Map(type = MapType.PROG_ARRAY, maxEntries = 4)
            static BpfMap<Integer, Long> jumps; // <-
            """));
  }

  @Test
  void queueWithKeys() {
    assertError(
        "a QUEUE map has no keys: declare it as BpfQueue<T>",
        socket(
            "return 0;",
            """
            @Map(type = MapType.QUEUE, maxEntries = 4)
            static BpfMap<Integer, Long> q; // <-
            """));
  }

  @Test
  void perCpuValueOver32KiB() {
    String fields =
        IntStream.range(0, 4097)
            .mapToObj(i -> "public long f" + i + ";")
            .collect(Collectors.joining("\n  "));
    assertError(
        LoaderMessages.valueSize(
            "big", "PERCPU_ARRAY", 4097 * 8, "values of at most 32768 bytes per CPU"),
        socket(
            "return 0;",
            "@Struct\npublic static final class Huge {\n  "
                + fields
                + "\n}\n"
                + "@Map(type = MapType.PERCPU_ARRAY, maxEntries = 1)\n"
                + "static BpfMap<Integer, Huge> big; // <-\n"));
  }

  @Test
  void ringBufferDeclaredAsBpfMapWithABadSize() {
    assertError(
        LoaderMessages.ringBufferSize("events", 1000),
        socket(
            "return 0;",
            """
            @Map(type = MapType.RINGBUF, maxEntries = 1000)
            static BpfMap<Integer, Long> events; // <-
            """));
  }

  @Test
  void lpmTrieGetsNoPreallocWithoutAsking() {
    // The kernel requires BPF_F_NO_PREALLOC for LPM tries; the processor sets it itself.
    assertCompiles(
        List.of("p.Prog"),
        socket(
                "return 0;",
                """
                @Struct
                public static final class Prefix {
                  public int prefixLen;
                  public int addr;
                }
                @Map(type = MapType.LPM_TRIE, maxEntries = 16)
                static BpfMap<Prefix, Long> routes;
                """)
            .file());
  }

  @Test
  void lruWithNoPrealloc() {
    assertError(
        LoaderMessages.flagRefused("recent", "LRU_HASH", "BPF_F_NO_PREALLOC (1)"),
        socket(
            "return 0;",
            """
            @Map(type = MapType.LRU_HASH, maxEntries = 16, flags = 1)
            static BpfMap<Integer, Long> recent; // <-
            """));
  }

  @Test
  void identifierRuleMessageNamesTheRule() {
    assertError(
        IDENT,
        program(
            """
            @Section("socket")
            public static int f$(SkBuff skb) { // <-
              return 0;
            }
            """));
  }
}
