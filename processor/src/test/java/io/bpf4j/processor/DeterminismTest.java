package io.bpf4j.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same source gives byte-identical objects (API.md section 2). */
class DeterminismTest {
  private static final String BINARY_NAME = "io.bpf4j.examples.bandwidth.BandwidthMonitor";

  @Test
  void bandwidthMonitorCompilesToIdenticalBytes(@TempDir Path first, @TempDir Path second) {
    Path source = TestCompiler.EXAMPLES.resolve("bandwidth/BandwidthMonitor.java");
    assertTrue(Files.isRegularFile(source), "missing " + source);

    TestCompiler.Result one =
        TestCompiler.compile(first.resolve("out-a"), TestCompiler.sourceFiles(source));
    TestCompiler.Result two =
        TestCompiler.compile(second.resolve("another-out"), TestCompiler.sourceFiles(source));
    assertTrue(one.success(), one.toString());
    assertTrue(two.success(), two.toString());

    byte[] a = one.object(BINARY_NAME);
    byte[] b = two.object(BINARY_NAME);
    assertTrue(a.length > 0, "empty object");
    assertArrayEquals(a, b, "two compilations of the same source gave different objects");
  }

  @Test
  void everyExampleTwiceInOneCompilation(@TempDir Path first, @TempDir Path second) {
    // Both examples in one javac run, in both orders: each object depends only on its own class.
    Path monitor = TestCompiler.EXAMPLES.resolve("bandwidth/BandwidthMonitor.java");
    Path tailcall = TestCompiler.EXAMPLES.resolve("bandwidth/TailcallProgram.java");
    TestCompiler.Result one =
        TestCompiler.compile(first, TestCompiler.sourceFiles(monitor, tailcall));
    TestCompiler.Result two =
        TestCompiler.compile(second, TestCompiler.sourceFiles(tailcall, monitor));
    assertTrue(one.success(), one.toString());
    assertTrue(two.success(), two.toString());
    for (String name : new String[] {BINARY_NAME, "io.bpf4j.examples.bandwidth.TailcallProgram"}) {
      byte[] a = one.object(name);
      assertTrue(a.length > 0, "empty object for " + name);
      assertArrayEquals(a, two.object(name), "objects of " + name + " differ");
    }
  }
}
