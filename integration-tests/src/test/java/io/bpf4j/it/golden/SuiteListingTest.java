package io.bpf4j.it.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.bpf4j.it.ExampleObjects;
import io.bpf4j.it.corpus.Corpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
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
  static final boolean BLESS = Boolean.getBoolean("bpf4j.bless");

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
    Path golden = GOLDEN.resolve(name + ".txt");
    if (BLESS) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(golden)) {
      fail(
          "no golden listing "
              + Corpus.moduleDir().relativize(golden)
              + "; generate it with -Dbpf4j.bless=true. The listing is:\n"
              + actual);
    }
    String expected = Files.readString(golden, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      fail(
          "the code of "
              + name
              + " differs from "
              + Corpus.moduleDir().relativize(golden)
              + " (rerun with -Dbpf4j.bless=true if the change is intended, and review the"
              + " diff):\n"
              + Listing.firstDifference(expected, actual));
    }
  }

  /** A golden file whose program left the suite would never be checked again: bless removes it. */
  @Test
  void everyGoldenListingHasItsProgram() throws IOException {
    TreeSet<String> stale = new TreeSet<>();
    if (Files.isDirectory(GOLDEN)) {
      try (Stream<Path> files = Files.list(GOLDEN)) {
        files.forEach(f -> stale.add(f.getFileName().toString()));
      }
    }
    programs().forEach(p -> stale.remove(p + ".txt"));
    if (BLESS) {
      for (String s : stale) {
        Files.delete(GOLDEN.resolve(s));
      }
      return;
    }
    assertEquals(
        new TreeSet<String>(),
        stale,
        "golden listings without a program in the suite (remove them, or run with"
            + " -Dbpf4j.bless=true)");
  }
}
