package io.bpf4j.it.events;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.Tools;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The programs the events tests run: a Java ring buffer writer and a C perf buffer writer. */
final class EventPrograms {
  /** A packet for BPF_PROG_TEST_RUN: 64 bytes, of which a socket filter sees 50 past Ethernet. */
  static final byte[] PACKET = new byte[64];

  static final int SEEN_LENGTH = 50;

  private EventPrograms() {}

  /** corpus/SequencedEvents.java, compiled by the processor now and loaded. */
  static BpfObject sequencedEvents() {
    return Corpus.load("SequencedEvents");
  }

  /** c/perf_output.c, built with clang-19 into {@code dir} and loaded. */
  static BpfObject perfOutput(Path dir) {
    Path clang = KernelAssumptions.requireTool("clang-19");
    Path source = copyResource("c/perf_output.c", dir);
    copyResource("c/bpf_defs.h", dir);
    Path object = dir.resolve("perf_output.o");
    Tools.run(clang, "-O2", "-g", "-target", "bpf", "-c", source, "-o", object).assertSuccess();
    return BpfRuntime.load(object);
  }

  private static Path copyResource(String resource, Path dir) {
    Path target = dir.resolve(Path.of(resource).getFileName().toString());
    try (InputStream in = EventPrograms.class.getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, resource + " is not on the test class path");
      Files.write(target, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }
}
