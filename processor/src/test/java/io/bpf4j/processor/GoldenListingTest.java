package io.bpf4j.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.testprograms.golden.Golden;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compiles the examples and small programs under {@code src/test/resources/programs} and compares
 * the disassembly of every code section with {@code src/test/resources/golden/<name>.txt}.
 *
 * <p>After an intended change of the generated code, regenerate the golden files with {@code ./mvnw
 * -o -pl processor -am test -Dtest=GoldenListingTest -Dbpf4j.bless=true} and review their diff;
 * never edit them by hand.
 */
class GoldenListingTest {
  static final Path GOLDEN = TestCompiler.MODULE_DIR.resolve("src/test/resources/golden");
  static final Path PROGRAMS = TestCompiler.MODULE_DIR.resolve("src/test/resources/programs");
  static final Golden GOLDEN_FILES =
      new Golden(
          GOLDEN,
          TestCompiler.MODULE_DIR,
          "./mvnw -o -pl processor -am test -Dtest=GoldenListingTest -Dbpf4j.bless=true");

  static Stream<Arguments> programs() {
    return Stream.of(
        Arguments.of(
            "BandwidthMonitor",
            TestCompiler.EXAMPLES.resolve("bandwidth/BandwidthMonitor.java"),
            "io.bpf4j.examples.bandwidth.BandwidthMonitor",
            List.of()),
        Arguments.of(
            "TailcallProgram",
            TestCompiler.EXAMPLES.resolve("bandwidth/TailcallProgram.java"),
            "io.bpf4j.examples.bandwidth.TailcallProgram",
            List.of()),
        own("IfElse"),
        own("Conditional"),
        own("ConstantLoop"),
        own("Arithmetic"),
        own("Casts"),
        own("Calls"),
        own("Switch"),
        own("PacketLoads"),
        own("PacketWrites"),
        own("Events"),
        own("Globals"),
        own("KernelStructs"),
        own("SequentialLookups"),
        own("BpfLoop"),
        own("SpinLock"),
        own("NetworkOrder"),
        own("BooleanBranches"),
        own("MaskedBytes"),
        own("UnsignedOrder"),
        own("MapOfMaps"),
        own("UnsignedCompare"),
        own("FilledBuffers"),
        own("TcPacketReads"),
        own("LengthChecks"),
        own("ScalarObjects"),
        Arguments.of(
            "CallsNotInlined",
            PROGRAMS.resolve("golden/Calls.java"),
            "golden.Calls",
            List.of("-Abpf4j.inline=false")),
        Arguments.of(
            "PacketLoadsNotInlined",
            PROGRAMS.resolve("golden/PacketLoads.java"),
            "golden.PacketLoads",
            List.of("-Abpf4j.inline=false")));
  }

  private static Arguments own(String name) {
    return Arguments.of(
        name, PROGRAMS.resolve("golden/" + name + ".java"), "golden." + name, List.of());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("programs")
  void listingMatchesGolden(String name, Path source, String binaryName, List<String> options)
      throws IOException {
    TestCompiler.Result result = TestCompiler.compileFile(source, options);
    assertTrue(result.success(), result.toString());
    assertTrue(result.errors().isEmpty(), result.toString());
    byte[] object = result.object(binaryName);
    String actual = listing(name, object);
    System.out.println(actual.lines().findFirst().orElse(name));

    GOLDEN_FILES.check(name + ".txt", actual);
  }

  static String listing(String name, byte[] object) {
    return io.bpf4j.object.ObjectListing.of(name, object);
  }
}
