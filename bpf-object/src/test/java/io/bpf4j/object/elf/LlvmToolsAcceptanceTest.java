package io.bpf4j.object.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that the LLVM tools read {@link ElfWriter}'s output without complaint. Skipped where
 * {@code llvm-readelf-19}/{@code llvm-objdump-19} are not installed, so the build needs no LLVM.
 */
class LlvmToolsAcceptanceTest {
  @TempDir Path dir;

  @Test
  void llvmReadelfReportsNoWarnings() throws Exception {
    Path object = writeSample();
    Result result = run("llvm-readelf-19", "-a", "--wide", object.toString());
    assertEquals(0, result.exitCode(), result.output());
    assertFalse(result.output().toLowerCase(Locale.ROOT).contains("warning"), result.output());
    assertTrue(result.output().contains("EM_BPF") || result.output().contains("BPF"));
    assertTrue(result.output().contains("R_BPF_64_64"), result.output());
  }

  @Test
  void llvmObjdumpShowsRelocationsAtTheirInstructions() throws Exception {
    Path object = writeSample();
    Result result = run("llvm-objdump-19", "-d", "-r", object.toString());
    assertEquals(0, result.exitCode(), result.output());
    assertFalse(result.output().toLowerCase(Locale.ROOT).contains("warning"), result.output());
    String out = result.output().replaceAll("\\s+", " ");
    assertTrue(out.contains("0000000000000008: R_BPF_64_64 counters"), result.output());
    assertTrue(out.contains("0000000000000018: R_BPF_64_32 .text"), result.output());
  }

  private Path writeSample() throws IOException {
    Path object = dir.resolve("sample.o");
    Files.write(object, SampleObjects.sampleWriter().write());
    return object;
  }

  private record Result(int exitCode, String output) {}

  private static Result run(String... command) throws Exception {
    Process process;
    try {
      process =
          new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
    } catch (IOException notInstalled) {
      assumeTrue(false, command[0] + " is not installed");
      throw notInstalled;
    }
    byte[] output = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), command[0] + " timed out");
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
