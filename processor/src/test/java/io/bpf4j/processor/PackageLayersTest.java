package io.bpf4j.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The processor's packages form layers: reads every main source file's references to {@code
 * io.bpf4j.processor.<package>.<Type>} and checks that no package depends on itself through others,
 * that the frontend and the lowering stage do not know each other, and that only the processor
 * itself uses the driver.
 */
class PackageLayersTest {
  private static final Path SOURCES =
      TestCompiler.MODULE_DIR.resolve("src/main/java/io/bpf4j/processor");
  private static final Pattern REFERENCE =
      Pattern.compile("io\\.bpf4j\\.processor\\.([a-z]+)\\.[A-Z]");
  private static final String ROOT = "(root)";

  /** Package -> the processor packages its main sources refer to. */
  static Map<String, Set<String>> graph() {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Path dir = SOURCES.relativize(file).getParent();
        String pkg = dir == null ? ROOT : dir.toString().replace('/', '.');
        Set<String> deps = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = REFERENCE.matcher(Files.readString(file));
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            deps.add(m.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return graph;
  }

  @Test
  void packagesHaveNoCycle() {
    Map<String, Set<String>> graph = graph();
    assertTrue(graph.size() > 8, graph.toString());
    for (String start : graph.keySet()) {
      List<String> path = new ArrayList<>();
      assertFalse(
          reaches(graph, start, start, path, new TreeSet<>()),
          "package cycle: " + start + " -> " + String.join(" -> ", path) + " in " + graph);
    }
  }

  @Test
  void frontendAndLowerDoNotKnowEachOther() {
    Map<String, Set<String>> graph = graph();
    assertFalse(graph.get("frontend").contains("lower"), graph.toString());
    assertFalse(graph.get("lower").contains("frontend"), graph.toString());
  }

  @Test
  void onlyTheProcessorUsesTheDriver() {
    Map<String, Set<String>> graph = graph();
    graph.forEach(
        (pkg, deps) -> {
          if (!pkg.equals(ROOT) && !pkg.equals("driver")) {
            assertFalse(deps.contains("driver"), pkg + " uses the driver: " + graph);
          }
        });
    // The processor hands each class's model to the driver (the object) and to the skeleton
    // writer (the FooSkeleton source), and nothing else.
    assertEquals(Set.of("diag", "driver", "model", "skeleton"), graph.get(ROOT));
  }

  private static boolean reaches(
      Map<String, Set<String>> graph,
      String start,
      String at,
      List<String> path,
      Set<String> seen) {
    for (String next : graph.getOrDefault(at, Set.of())) {
      path.add(next);
      if (next.equals(start) || (seen.add(next) && reaches(graph, start, next, path, seen))) {
        return true;
      }
      path.remove(path.size() - 1);
    }
    return false;
  }
}
