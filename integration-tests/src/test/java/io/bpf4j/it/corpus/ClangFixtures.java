package io.bpf4j.it.corpus;

import static org.junit.jupiter.api.Assertions.fail;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The clang twins kept as test resources: {@code <resourceDir>/<name>.c} and its shared header,
 * copied to {@code target/<outDir>/} and built there with {@code clang-19 -O2 -g -target bpf
 * -mcpu=v4 -c}, as the benchmarks build them.
 */
public final class ClangFixtures {
  private ClangFixtures() {}

  public static Path object(String resourceDir, String name, String header, String outDir) {
    Path clang = KernelAssumptions.requireTool("clang-19");
    Path dir = Corpus.moduleDir().resolve("target/" + outDir);
    Path source = copy(resourceDir + "/" + name + ".c", dir);
    copy(resourceDir + "/" + header, dir);
    Path object = dir.resolve(name + ".o");
    Tools.run(clang, "-O2", "-g", "-target", "bpf", "-mcpu=v4", "-c", source, "-o", object)
        .assertSuccess();
    return object;
  }

  /**
   * {@code source} (a resource path) and every header in {@code headers} (resource paths, copied
   * side by side so that {@code #include "name.h"} finds each) built in {@code target/<outDir>/}.
   */
  public static Path object(String source, List<String> headers, String outDir) {
    Path clang = KernelAssumptions.requireTool("clang-19");
    Path dir = Corpus.moduleDir().resolve("target/" + outDir);
    Path copied = copy(source, dir);
    for (String header : headers) {
      copy(header, dir);
    }
    String name = copied.getFileName().toString().replaceFirst("\\.c$", "");
    Path object = dir.resolve(name + ".o");
    Tools.run(clang, "-O2", "-g", "-target", "bpf", "-mcpu=v4", "-c", copied, "-o", object)
        .assertSuccess();
    return object;
  }

  private static Path copy(String resource, Path dir) {
    Path target = dir.resolve(Path.of(resource).getFileName().toString());
    try (InputStream in = ClangFixtures.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        fail("test resource " + resource + " is missing");
      }
      Files.createDirectories(dir);
      Files.write(target, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }
}
