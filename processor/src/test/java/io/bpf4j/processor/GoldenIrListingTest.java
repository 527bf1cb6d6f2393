package io.bpf4j.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.testprograms.golden.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IR of the small golden programs after each stage of the compiler (translate, lower, optimize,
 * regalloc, frame), compared with {@code src/test/resources/golden/ir/<name>.txt}: a change in one
 * stage shows in review as a diff of that stage's listing, before it shows in the code.
 *
 * <p>After an intended change, regenerate them with {@code ./mvnw -o -pl processor -am verify
 * -Dtest=GoldenIrListingTest -Dsurefire.failIfNoSpecifiedTests=false -Dbpf4j.bless=true} and review
 * their diff; never edit them by hand.
 */
class GoldenIrListingTest {
  static final Path GOLDEN = GoldenListingTest.GOLDEN.resolve("ir");
  static final Golden GOLDEN_FILES =
      new Golden(
          GOLDEN,
          TestCompiler.MODULE_DIR,
          "./mvnw -o -pl processor -am verify -Dtest=GoldenIrListingTest"
              + " -Dsurefire.failIfNoSpecifiedTests=false -Dbpf4j.bless=true");

  static Stream<Arguments> programs() {
    return Stream.of(
        own("IfElse", List.of()),
        own("Conditional", List.of()),
        own("ConstantLoop", List.of()),
        own("Arithmetic", List.of()),
        own("Casts", List.of()),
        own("Calls", List.of()),
        own("Switch", List.of()),
        own("PacketLoads", List.of()),
        own("Events", List.of()),
        own("SequentialLookups", List.of()),
        own("NetworkOrder", List.of()),
        own("BooleanBranches", List.of()),
        own("MaskedBytes", List.of()),
        own("UnsignedOrder", List.of()),
        own("UnsignedCompare", List.of()),
        own("FilledBuffers", List.of()),
        own("ScalarObjects", List.of()),
        Arguments.of(
            "CallsNotInlined",
            GoldenListingTest.PROGRAMS.resolve("golden/Calls.java"),
            "golden/Calls",
            List.of("-Abpf4j.inline=false")),
        // Maps, a struct and stack slots.
        Arguments.of(
            "BandwidthMonitor",
            TestCompiler.EXAMPLES.resolve("bandwidth/BandwidthMonitor.java"),
            "io/bpf4j/examples/bandwidth/BandwidthMonitor",
            List.of()));
  }

  private static Arguments own(String name, List<String> options) {
    return Arguments.of(
        name,
        GoldenListingTest.PROGRAMS.resolve("golden/" + name + ".java"),
        "golden/" + name,
        options);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("programs")
  void irAfterEachStageMatchesGolden(
      String name, Path source, String internalName, List<String> options) throws IOException {
    List<String> withListing =
        Stream.concat(options.stream(), Stream.of("-Abpf4j.irListing=true")).toList();
    TestCompiler.Result result = TestCompiler.compileFile(source, withListing);
    assertTrue(result.success(), result.toString());
    String actual =
        new String(
            result
                .generated(internalName + ".ir.txt")
                .orElseThrow(() -> new AssertionError("no IR listing written: " + result)),
            StandardCharsets.UTF_8);

    GOLDEN_FILES.check(name + ".txt", actual);
  }
}
