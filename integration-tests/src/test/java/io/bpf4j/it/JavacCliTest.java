package io.bpf4j.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance command, literally: {@code javac -processorpath processor.jar -cp
 * bpf-annotations.jar -d out BandwidthMonitor.java TailcallProgram.java} writes both objects, and
 * they are byte-identical to the ones in the examples jar that Maven built.
 */
class JavacCliTest {
  private static final String[] SOURCES = {"BandwidthMonitor.java", "TailcallProgram.java"};
  private static final String[] OBJECTS = {
    ExampleObjects.BANDWIDTH_MONITOR, ExampleObjects.TAILCALL_PROGRAM
  };

  @TempDir Path tmp;

  @Test
  void javacWithTheShadedProcessorJarWritesBothObjectsIdenticalToTheExamplesJar() {
    Path javac = KernelAssumptions.requireJavac();
    Path root = projectRoot();
    Path processorJar = ModuleJars.moduleJar(root.resolve("processor/target"), "processor");
    Path annotationsJar =
        ModuleJars.moduleJar(root.resolve("bpf-annotations/target"), "bpf-annotations");
    Path sources = root.resolve("examples/src/main/java/io/bpf4j/examples/bandwidth");

    Path out = compile(javac, processorJar, annotationsJar, sources, tmp.resolve("out"));
    Path again = compile(javac, processorJar, annotationsJar, sources, tmp.resolve("out2"));

    for (String object : OBJECTS) {
      byte[] first = read(out.resolve(object));
      byte[] second = read(again.resolve(object));
      assertArrayEquals(first, second, object + ": two javac runs gave different objects");
      byte[] fromJar = ExampleObjects.bytes(object);
      assertArrayEquals(
          fromJar,
          first,
          object
              + ": the object in the examples artifact ("
              + ExampleObjects.url(object)
              + ", "
              + fromJar.length
              + " bytes) differs from the javac CLI's ("
              + first.length
              + " bytes) built with "
              + processorJar
              + "; if the processor changed since the examples were built, rebuild them with"
              + " ./mvnw -o -DskipTests install -pl examples -am");
    }
  }

  /** Runs the acceptance command into {@code outDir}; returns the objects' package directory. */
  private static Path compile(
      Path javac, Path processorJar, Path annotationsJar, Path sources, Path outDir) {
    List<Object> command = new ArrayList<>();
    command.addAll(
        List.of(javac, "-processorpath", processorJar, "-cp", annotationsJar, "-d", outDir));
    for (String source : SOURCES) {
      command.add(sources.resolve(source));
    }
    Tools.Result result = Tools.run(Duration.ofSeconds(120), command.toArray());
    assertEquals(0, result.exitCode(), result.describe());
    Path dir = outDir.resolve(ExampleObjects.PACKAGE_PATH);
    for (String object : OBJECTS) {
      assertTrue(
          Files.isRegularFile(dir.resolve(object)),
          "javac wrote no " + dir.resolve(object) + "\n" + result.describe());
    }
    return dir;
  }

  /** The repository root: the parent of this module's directory. */
  static Path projectRoot() {
    Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path root = module.toAbsolutePath().normalize().getParent();
    assertTrue(
        Files.isRegularFile(root.resolve("pom.xml")) && Files.isDirectory(root.resolve("examples")),
        "cannot find the project root from " + module);
    return root;
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }
}
