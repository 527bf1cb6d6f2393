package io.bpf4j.it.diff;

import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.it.diff.DiffRunner.Spec;
import io.bpf4j.it.diff.DiffRunner.Verdict;
import io.bpf4j.testing.BpfSimulator;
import io.bpf4j.testing.SimMap;
import io.bpf4j.testing.SimProgram;
import io.bpf4j.testprograms.JavacBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A regression program of the differential tests, {@code src/test/resources/diff/regressions/
 * <Name>.java} in package {@code diff.regressions}: compiled with the processor (with inlining, or
 * with {@code -Abpf4j.inline=false} when its source says so), then every program of it run in the
 * kernel and in the simulator on the same seeded frames from the same random starting maps.
 */
final class RegressionProgram {
  private RegressionProgram() {}

  /** Frames per program: enough for every length class of {@link GenFrames}. */
  private static final int FRAMES = 36;

  /** The text that marks a regression source to be compiled without inlining. */
  static final String NO_INLINE = "-Abpf4j.inline=false";

  /** The verdict of every program of regression program {@code name}, by program name. */
  static Map<String, Verdict> run(String name) {
    return run(name, read(source(name)));
  }

  /** Compiles and compares {@code text}, a program class {@code diff.regressions.<name>}. */
  static Map<String, Verdict> run(String name, String text) {
    String binaryName = "diff.regressions." + name;
    JavacBatch.Output out =
        ProcessorJar.javac(!text.contains(NO_INLINE))
            .compile(
                List.of(new JavacBatch.Source(binaryName, text)),
                Corpus.moduleDir().resolve("target/diff/regressions/" + name));
    String error = out.failures().get(binaryName);
    if (error != null) {
      throw new AssertionError("diff/regressions/" + name + ".java did not compile:\n" + error);
    }
    Class<?> c = out.load(binaryName);
    BpfSimulator sim = BpfSimulator.of(c);
    List<String> maps = sim.maps().stream().map(SimMap::name).toList();
    List<Spec> specs = new ArrayList<>();
    long seed = name.hashCode();
    for (SimProgram p : sim.programs()) {
      seed = seed * 31 + p.name().hashCode();
      specs.add(new Spec(p.name(), maps, seed, GenFrames.frames(seed, FRAMES)));
    }
    return DiffRunner.run(c, out.object(binaryName), specs, new DiffRunner.Stats());
  }

  private static Path source(String name) {
    URL url = RegressionProgram.class.getResource("/diff/regressions/" + name + ".java");
    if (url == null) {
      throw new AssertionError("no diff/regressions/" + name + ".java on the test class path");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
