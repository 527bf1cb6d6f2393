package io.bpf4j.it.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.Tools;
import io.bpf4j.it.corpus.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the attach tests run: the C fixtures of {@code test-programs} ({@code c/attach/}), built at
 * test time into {@code target/attach/} with clang-19 (BPF objects for the sections the processor
 * does not compile yet: uprobe, tp_btf, fentry, fexit, lsm) and gcc (the traced process), and the
 * traced process itself.
 */
final class AttachFixtures {
  private AttachFixtures() {}

  static final String PROBED_FUNCTION = "bpf4j_probe_target";

  /** {@code target/attach/}, with the fixture sources copied in. */
  static synchronized Path dir() {
    Path dir = Corpus.moduleDir().resolve("target/attach");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String name :
        List.of(
            "attach_defs.h", "tp_btf_getppid.c", "trampoline.c", "uprobe_counter.c", "target.c")) {
      copyResource("c/attach/" + name, dir);
    }
    return dir;
  }

  /** The traced process, built once with {@code gcc -O1}. */
  static synchronized Path target() {
    Path dir = dir();
    Path binary = dir.resolve("target");
    if (!Files.isExecutable(binary) || newer(dir.resolve("target.c"), binary)) {
      Path gcc = KernelAssumptions.requireTool("gcc");
      Tools.run(gcc, "-O1", "-o", binary, dir.resolve("target.c")).assertSuccess();
    }
    return binary;
  }

  /** {@code clang-19 -O2 -g -target bpf -mcpu=v3 [defines] -c source -o object}. */
  static Path bpfObject(String source, String object, String... defines) {
    Path dir = dir();
    Path clang = KernelAssumptions.requireTool("clang-19");
    List<Object> command =
        new ArrayList<>(List.of(clang, "-O2", "-g", "-target", "bpf", "-mcpu=v3"));
    command.addAll(List.of(defines));
    Path out = dir.resolve(object);
    command.addAll(List.of("-c", dir.resolve(source), "-o", out));
    Tools.run(command.toArray()).assertSuccess();
    return out;
  }

  /** A started traced process, waiting for its go line. */
  static final class Traced implements AutoCloseable {
    final Process process;

    Traced(Process process) {
      this.process = process;
    }

    int pid() {
      return (int) process.pid();
    }

    /** Lets it run its rounds and waits for it to end successfully. */
    void go() {
      try (Writer w = process.outputWriter(StandardCharsets.US_ASCII)) {
        w.write("go\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          throw new AssertionError("the traced process did not finish");
        }
        assertEquals(
            0,
            process.exitValue(),
            "traced process: " + new String(process.getErrorStream().readAllBytes()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  /**
   * Starts the traced process for {@code rounds} rounds, sending datagrams to {@code port} (0:
   * none) of 127.0.0.1; {@code prefix} (as {@code ip netns exec NS}) goes in front of the command.
   */
  static Traced start(int rounds, int port, String... prefixAndAddress) {
    List<String> command = new ArrayList<>();
    String address = null;
    for (String s : prefixAndAddress) {
      if (s.startsWith("address=")) {
        address = s.substring("address=".length());
      } else {
        command.add(s);
      }
    }
    command.addAll(List.of(target().toString(), String.valueOf(rounds), String.valueOf(port)));
    if (address != null) {
      command.add(address);
    }
    try {
      return new Traced(
          new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the traced process for {@code rounds} rounds to its end; its pid. */
  static int run(int rounds) {
    try (Traced t = start(rounds, 0)) {
      t.go();
      return t.pid();
    }
  }

  private static boolean newer(Path a, Path b) {
    try {
      return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b)) > 0;
    } catch (IOException e) {
      return true;
    }
  }

  private static void copyResource(String resource, Path dir) {
    Path target = dir.resolve(Path.of(resource).getFileName().toString());
    try (InputStream in = AttachFixtures.class.getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, resource + " is not on the test class path");
      byte[] bytes = in.readAllBytes();
      if (!Files.exists(target) || !java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
        Files.write(target, bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
