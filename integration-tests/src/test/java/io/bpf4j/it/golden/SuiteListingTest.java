package io.bpf4j.it.golden;

import io.bpf4j.it.ExampleObjects;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.testprograms.golden.Golden;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden listings of the Java programs of the benchmark suite (benchmarks' {@code SuiteBenchmark}):
 * the seed's BandwidthMonitor (examples' object) and every {@code corpus/classic/*.java}, compiled
 * as {@link Corpus} compiles them, disassembled by bpf-object's Disassembler and compared with
 * {@code src/test/resources/golden/suite/<Name>.txt}. A change in the code the processor generates
 * for any of them shows in review as a diff of these files.
 *
 * <p>After an intended change of the generated code, regenerate them with {@code ./mvnw -o -pl
 * integration-tests -am verify -Dtest=SuiteListingTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbpf4j.bless=true} and review the diff; never edit them by hand. Needs javac, not root.
 */
class SuiteListingTest {
  static final Path GOLDEN = Corpus.moduleDir().resolve("src/test/resources/golden/suite");
  static final Path CLASSIC = Corpus.moduleDir().resolve("src/test/resources/corpus/classic");
  static final String SEED = "BandwidthMonitor";
  static final Golden GOLDEN_FILES =
      new Golden(
          GOLDEN,
          Corpus.moduleDir(),
          "./mvnw -o -pl integration-tests -am verify -Dtest=SuiteListingTest"
              + " -Dsurefire.failIfNoSpecifiedTests=false -Dbpf4j.bless=true");

  /** The seed, then the classic programs by name. */
  static List<String> programs() {
    List<String> names = new ArrayList<>();
    names.add(SEED);
    try (Stream<Path> files = Files.list(CLASSIC)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".java"))
          .map(n -> n.substring(0, n.length() - ".java".length()))
          .sorted()
          .forEach(names::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("programs")
  void listingMatchesGolden(String name) throws IOException {
    byte[] object =
        name.equals(SEED)
            ? ExampleObjects.bytes(ExampleObjects.BANDWIDTH_MONITOR)
            : Files.readAllBytes(Corpus.compile("classic/" + name));
    String actual = Listing.of(name, object);
    System.out.println("[bpf4j-it] " + actual.lines().findFirst().orElse(name));
    GOLDEN_FILES.check(name + ".txt", actual);
  }

  /** A golden file whose program left the suite would never be checked again: bless removes it. */
  @Test
  void everyGoldenListingHasItsProgram() {
    GOLDEN_FILES.checkNoStaleFiles(programs().stream().map(p -> p + ".txt").toList());
  }
}
