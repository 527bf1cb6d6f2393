package io.bpf4j.it.skeleton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.ModuleJars;
import io.bpf4j.it.Tools;
import io.bpf4j.it.corpus.Corpus;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code FooSkeleton} sources the processor writes when the runtime is on the class path,
 * compiled by the javac command line (so they compile against the real runtime) and compared with
 * {@code src/test/resources/golden/skeleton/}: the seed, and a class whose names collide with the
 * skeleton's own members and with each other. Regenerate with {@code -Dbpf4j.bless=true} and review
 * the diff; never edit them by hand. Needs javac, not root.
 */
class SkeletonSourceTest {
  private static final Path GOLDEN =
      Corpus.moduleDir().resolve("src/test/resources/golden/skeleton");
  private static final boolean BLESS = Boolean.getBoolean("bpf4j.bless");

  @TempDir Path tmp;

  @Test
  void theSeedsSkeleton() throws IOException {
    Path root = Corpus.moduleDir().getParent();
    Path sources = root.resolve("examples/src/main/java/io/bpf4j/examples/bandwidth");
    Path generated = compile(List.of(sources.resolve("BandwidthMonitor.java")), List.of());
    check(generated.resolve("io/bpf4j/examples/bandwidth/BandwidthMonitorSkeleton.java"));
  }

  @Test
  void collidingNamesGetSuffixesAndRingBuffersAReader() throws IOException {
    Path dir = Corpus.moduleDir().resolve("src/test/resources/skeleton/sk");
    Path generated =
        compile(List.of(dir.resolve("Collisions.java"), dir.resolve("FlowKey.java")), List.of());
    check(generated.resolve("sk/CollisionsSkeleton.java"));
  }

  @Test
  void globalsGetAccessorsAndConfigTypedSetters() throws IOException {
    Path dir = Corpus.moduleDir().resolve("src/test/resources/corpus");
    Path generated = compile(List.of(dir.resolve("Globals.java")), List.of());
    check(generated.resolve("corpus/GlobalsSkeleton.java"));
  }

  @Test
  void mapsOfMapsGetAMapOfMapsHandle() throws IOException {
    Path dir = Corpus.moduleDir().resolve("src/test/resources/corpus");
    Path generated = compile(List.of(dir.resolve("MapOfMaps.java")), List.of());
    check(generated.resolve("corpus/MapOfMapsSkeleton.java"));
  }

  /**
   * The generated skeleton against the kernel: a typed config setter before load, a typed global
   * read after the program ran.
   */
  @Test
  void theGlobalsSkeletonConfiguresAndReadsInTheKernel() throws Exception {
    KernelAssumptions.requireBpffs();
    Path dir = Corpus.moduleDir().resolve("src/test/resources/corpus");
    compile(List.of(dir.resolve("Globals.java")), List.of());
    try (java.net.URLClassLoader loader =
        new java.net.URLClassLoader(
            new java.net.URL[] {tmp.resolve("classes").toUri().toURL()},
            getClass().getClassLoader())) {
      Class<?> skeleton = loader.loadClass("corpus.GlobalsSkeleton");
      Object open = skeleton.getMethod("open").invoke(null);
      open.getClass().getMethod("multiplier", int.class).invoke(open, 5);
      try (AutoCloseable sk = (AutoCloseable) open.getClass().getMethod("load").invoke(open)) {
        io.bpf4j.runtime.BpfProgram count =
            (io.bpf4j.runtime.BpfProgram) skeleton.getMethod("count").invoke(sk);
        int len = 61 - 14;
        assertEquals(
            len * 5 + new int[] {1, 2, 3, 5}[len & 3],
            count.testRun(io.bpf4j.it.corpus.Packet.udpFrame(61), 1).retval());
        io.bpf4j.runtime.GlobalVariable<?> total =
            (io.bpf4j.runtime.GlobalVariable<?>) skeleton.getMethod("total").invoke(sk);
        assertEquals((long) len, total.get());
        io.bpf4j.runtime.GlobalVariable<?> multiplier =
            (io.bpf4j.runtime.GlobalVariable<?>) skeleton.getMethod("multiplier").invoke(sk);
        assertEquals(5, multiplier.get());
      }
    }
  }

  @Test
  void theOptionTurnsSkeletonsOff() throws IOException {
    Path dir = Corpus.moduleDir().resolve("src/test/resources/skeleton/sk");
    Path generated =
        compile(
            List.of(dir.resolve("Collisions.java"), dir.resolve("FlowKey.java")),
            List.of("-Abpf4j.skeleton=false"));
    assertFalse(Files.exists(generated.resolve("sk/CollisionsSkeleton.java")));
  }

  /** javac with the processor jar, the test class path (runtime included); generated sources. */
  private Path compile(List<Path> files, List<String> options) {
    Path javac = KernelAssumptions.requireJavac();
    Path root = Corpus.moduleDir().getParent();
    Path processorJar = ModuleJars.moduleJar(root.resolve("processor/target"), "processor");
    String classpath =
        String.join(
            File.pathSeparator,
            Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("processor"))
                .toList());
    Path out = tmp.resolve("classes");
    Path generated = tmp.resolve("generated");
    List<Object> command = new ArrayList<>();
    command.addAll(
        List.of(
            javac,
            "-processorpath",
            processorJar,
            "-cp",
            classpath,
            "-d",
            out,
            "-s",
            generated,
            "--release",
            "17"));
    command.addAll(options);
    command.addAll(files);
    Tools.Result result = Tools.run(Duration.ofSeconds(120), command.toArray());
    assertEquals(0, result.exitCode(), result.describe());
    return generated;
  }

  private static void check(Path source) throws IOException {
    if (!Files.isRegularFile(source)) {
      fail("the processor wrote no " + source);
    }
    String actual = Files.readString(source, StandardCharsets.UTF_8);
    Path golden = GOLDEN.resolve(source.getFileName() + ".txt");
    if (BLESS) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(golden)) {
      fail("no golden file " + golden + "; generate it with -Dbpf4j.bless=true:\n" + actual);
    }
    assertEquals(
        Files.readString(golden, StandardCharsets.UTF_8),
        actual,
        source.getFileName() + " differs from " + golden + " (bless if intended)");
  }
}
