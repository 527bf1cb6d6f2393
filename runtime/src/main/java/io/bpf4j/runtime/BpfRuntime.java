package io.bpf4j.runtime;

import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.ObjectReader;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.object.link.LinkedProgram;
import io.bpf4j.runtime.load.ObjectLoader;
import io.bpf4j.runtime.load.ProgramLoader;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Loads eBPF objects into the kernel: bpf4j's own, and any libbpf-style object clang builds. */
public final class BpfRuntime {
  private BpfRuntime() {}

  /**
   * Loads the object the bpf4j processor wrote for {@code programClass}: {@code <binary
   * name>.bpf.o}, found as a class-path resource next to the class (so it works from a jar).
   */
  public static BpfObject load(Class<?> programClass) {
    return open(programClass).load();
  }

  /**
   * Reads the object the bpf4j processor wrote for {@code programClass} (as {@link #load(Class)}
   * finds it) without loading it: set configuration and map sizes on the {@link BpfLoader}, then
   * {@link BpfLoader#load()}.
   */
  public static BpfLoader open(Class<?> programClass) {
    String simple = programClass.getName().substring(programClass.getName().lastIndexOf('.') + 1);
    String resource = simple + ".bpf.o";
    try (InputStream in = programClass.getResourceAsStream(resource)) {
      if (in == null) {
        throw new BpfException(0, missingObject(programClass, resource));
      }
      return open(in.readAllBytes(), simple);
    } catch (IOException e) {
      throw new BpfException(0, "cannot read " + resource + ": " + e.getMessage(), e);
    }
  }

  /**
   * Why {@code Foo.bpf.o} is missing, almost always: the processor did not run. The lines that fix
   * the build, for Maven (whose default compiler plugin of Maven 3.8 ignores
   * annotationProcessorPaths) and for Gradle.
   */
  static String missingObject(Class<?> programClass, String resource) {
    return String.join(
        "\n",
        "no "
            + resource
            + " next to "
            + programClass.getName()
            + " on the class path: the bpf4j annotation processor did not compile it (or the class"
            + " has no @Section methods). Put the processor on the annotation processor path:",
        "  Maven:  <plugin>",
        "            <artifactId>maven-compiler-plugin</artifactId>",
        "            <version>3.13.0</version>   (3.1, Maven 3.8's default, ignores the path)",
        "            <configuration><annotationProcessorPaths><path>",
        "              <groupId>io.bpf4j</groupId><artifactId>processor</artifactId>",
        "              <version>" + version() + "</version>",
        "            </path></annotationProcessorPaths></configuration>",
        "          </plugin>",
        "  Gradle: annotationProcessor 'io.bpf4j:processor:" + version() + "'",
        "  javac:  -processorpath processor-" + version() + ".jar");
  }

  /** This runtime's version, which the processor should match. */
  private static String version() {
    String v = BpfRuntime.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  /** Loads the object file at {@code elfFile}. */
  public static BpfObject load(Path elfFile) {
    return open(elfFile).load();
  }

  /** Reads the object file at {@code elfFile}, to be configured and loaded. */
  public static BpfLoader open(Path elfFile) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(elfFile);
    } catch (IOException e) {
      throw new BpfException(0, "cannot read " + elfFile + ": " + e.getMessage(), e);
    }
    String name = elfFile.getFileName().toString().replaceFirst("(\\.bpf)?\\.o$", "");
    return open(bytes, name);
  }

  /** Loads an object from its bytes; {@code name} names it in messages. */
  public static BpfObject load(byte[] elf, String name) {
    return open(elf, name).load();
  }

  /** Reads an object from its bytes, to be configured and loaded; {@code name} names it. */
  public static BpfLoader open(byte[] elf, String name) {
    return open(read(elf, name), name);
  }

  /** A loader of an object already read with {@code ObjectReader.read}. */
  public static BpfLoader open(LinkedObject object, String name) {
    return new BpfLoader(SystemKernel.get(), ObjectLoader.PIN_ROOT, object, name);
  }

  /**
   * Loads an object already read with {@code ObjectReader.read}: the kernel half of {@link
   * #load(byte[], String)}, for callers that parse once and load many times.
   */
  public static BpfObject load(LinkedObject object, String name) {
    return open(object, name).load();
  }

  /**
   * Loads one program from raw instructions (8 bytes per slot, little-endian, as {@code
   * BPF_PROG_LOAD} takes them) with no maps and no BTF: for probing what the kernel accepts. A
   * rejection is a {@link VerifierException} carrying the verifier's log. The caller closes the
   * program.
   */
  public static BpfProgram loadProgram(
      String name, ProgramType type, byte[] instructions, String license) {
    return loadProgram(SystemKernel.get(), name, type, instructions, license);
  }

  static BpfObject load(Kernel kernel, Path pinRoot, byte[] elf, String name) {
    return new BpfLoader(kernel, pinRoot, read(elf, name), name).load();
  }

  static BpfObject load(Kernel kernel, Path pinRoot, LinkedObject object, String name) {
    return new BpfObject(
        kernel, name, object, new ObjectLoader(kernel, pinRoot).load(object, name));
  }

  static BpfProgram loadProgram(
      Kernel kernel, String name, ProgramType type, byte[] instructions, String license) {
    LinkedProgram p =
        new LinkedProgram(
            name,
            type.kernelName(),
            type.kernelId(),
            0,
            0,
            instructions,
            List.of(),
            List.of(),
            List.of());
    Fd fd = new ProgramLoader(kernel).load(p, license, Map.of(), null, null);
    return new BpfProgram(kernel, name, type, fd, true);
  }

  private static LinkedObject read(byte[] elf, String name) {
    try {
      return ObjectReader.read(elf, name);
    } catch (ObjectFormatException e) {
      throw new BpfException(
          0, "cannot load " + name + ": not a valid eBPF object: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new BpfException(0, "cannot load " + name + ": unreadable object (" + e + ")", e);
    }
  }
}
