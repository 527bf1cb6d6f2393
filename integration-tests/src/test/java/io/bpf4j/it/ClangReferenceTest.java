package io.bpf4j.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.elf.ElfReader;
import io.bpf4j.object.elf.Section;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's program in C (test-programs' c/bandwidth_monitor.c), built with clang-19: it loads, so
 * the reference is valid, and it sets the bar for our code size.
 */
class ClangReferenceTest {
  private static final String SECTION = "socket";

  /** The current target: our code at most 1.5 times clang's. */
  private static final double MAX_RATIO = 1.5;

  @TempDir Path tmp;

  @Test
  void clangReferenceLoadsWithBpftool() {
    Path object = compileReference();
    try (PinDir pins = PinDir.create()) {
      BpftoolLoadTest.loadAll(object, pins);
      assertTrue(Files.exists(pins.resolve("socketFilter")), "no pinned socketFilter in " + pins);
      assertTrue(Files.exists(pins.resolve("maps/bwMonitorMap")), "no pinned bwMonitorMap");
      assertTrue(Files.exists(pins.resolve("maps/tailcallMap")), "no pinned tailcallMap");
    }
  }

  @Test
  void codeSizeIsWithinTargetOfClang() throws IOException {
    Path object = compileReference();
    long clang = slots(Files.readAllBytes(object), "clang-19");
    long ours = slots(ExampleObjects.bytes(ExampleObjects.BANDWIDTH_MONITOR), "bpf4j");
    double ratio = (double) ours / clang;
    String line =
        String.format(
            Locale.ROOT,
            "code size socketFilter: bpf4j %d slots, clang-19 -O2 %d slots, ratio %.2f",
            ours,
            clang,
            ratio);
    System.out.println("[bpf4j-it] " + line);
    assertTrue(ours <= MAX_RATIO * clang, line + " exceeds the target ratio " + MAX_RATIO);
  }

  /** Builds bandwidth_monitor.c as the file's header says; returns the object. */
  private Path compileReference() {
    Path clang = KernelAssumptions.requireTool("clang-19");
    Path dir = tmp.resolve("c");
    Path source = copyResource("c/bandwidth_monitor.c", dir);
    copyResource("c/bpf_defs.h", dir);
    Path object = tmp.resolve("bandwidth_monitor.o");
    Tools.run(clang, "-O2", "-g", "-target", "bpf", "-mcpu=v4", "-c", source, "-o", object)
        .assertSuccess();
    return object;
  }

  /** Instruction slots (8 bytes each; an ld_imm64 takes two) of the socket section. */
  private static long slots(byte[] elf, String who) {
    Section section =
        ElfReader.read(elf)
            .section(SECTION)
            .orElseThrow(() -> new AssertionError(who + "'s object has no section " + SECTION));
    assertTrue(section.size() % 8 == 0, who + ": section size " + section.size());
    return section.size() / 8;
  }

  private static Path copyResource(String name, Path dir) {
    Path file = dir.resolve(Path.of(name).getFileName().toString());
    try (InputStream in = ClangReferenceTest.class.getClassLoader().getResourceAsStream(name)) {
      assertTrue(in != null, "test resource " + name + " is missing");
      Files.createDirectories(dir);
      Files.write(file, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
