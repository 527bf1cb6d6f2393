package io.bpf4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the jars the build wrote into the other modules' target directories. */
public final class ModuleJars {
  private ModuleJars() {}

  /**
   * The one {@code <artifact>-<version>.jar} in {@code target}, ignoring the shade plugin's {@code
   * original-*.jar} and classifier jars.
   */
  public static Path moduleJar(Path target, String artifact) {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, artifact + "-*.jar")) {
      for (Path jar : jars) {
        String name = jar.getFileName().toString();
        if (!name.startsWith("original-")
            && !name.endsWith("-sources.jar")
            && !name.endsWith("-javadoc.jar")
            && !name.endsWith("-tests.jar")) {
          found.add(jar);
        }
      }
    } catch (IOException e) {
      throw new AssertionError(
          "cannot list "
              + target
              + ": build first with ./mvnw -o -DskipTests install -pl examples -am",
          e);
    }
    assertEquals(1, found.size(), "expected exactly one " + artifact + " jar in " + target);
    return found.get(0);
  }
}
