package io.bpf4j.it.corpus.open;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.corpus.ClangFixtures;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.VerifierException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issue 16's open corpus: programs this project did not write, ported to Java from their logic and
 * kept twice: as our own C twin of each port ({@code c/public/<name>.c} of test-programs'
 * resources, written for bpf4j, built at test time with {@code clang-19 -O2 -g -target bpf -mcpu=v4
 * -c} against {@code public_defs.h}) and as the Java port ({@code
 * src/test/resources/corpus/open/<Name>.java}, compiled at test time by {@link Corpus}). Both
 * objects are loaded by the same runtime and run on the same frames; the tests compare return
 * values, output bytes and maps.
 */
final class Open {
  private Open() {}

  private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

  private static final List<String> HEADERS = List.of("c/public/public_defs.h");

  /** Compiles and loads corpus/open/{@code name}.java. */
  static BpfObject java(String name) {
    return Corpus.load("open/" + name);
  }

  /** Builds (once per test JVM) and loads c/public/{@code name}.c. */
  static BpfObject c(String name) {
    KernelAssumptions.requireBpffs();
    Path object =
        BUILT.computeIfAbsent(
            name, n -> ClangFixtures.object("c/public/" + n + ".c", HEADERS, "open-c"));
    try {
      return BpfRuntime.load(object);
    } catch (VerifierException e) {
      throw new AssertionError(
          "c/public/"
              + name
              + ".c built, but the kernel verifier rejected program "
              + e.program()
              + ":\n"
              + e.summary()
              + "\n--- verifier log ---\n"
              + e.log(),
          e);
    }
  }
}
