package io.bpf4j.it.diff;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.ModuleJars;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.testprograms.JavacBatch;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import javax.annotation.processing.Processor;
import javax.tools.ToolProvider;

/**
 * javac runs with the shaded processor jar, as the corpus harness compiles. The processor's classes
 * are loaded from the jar once per test JVM (a fresh processor instance per run), so that its code
 * stays compiled by the JIT across the hundreds of runs a differential test makes.
 */
final class ProcessorJar {
  private static final String PROCESSOR = "io.bpf4j.processor.BpfProcessor";
  private static ClassLoader processorLoader;

  private ProcessorJar() {}

  /** A javac runner with the processor, inlining or not ({@code -Abpf4j.inline=false}). */
  static JavacBatch javac(boolean inline) {
    KernelAssumptions.require(
        ToolProvider.getSystemJavaCompiler() != null,
        "the running Java has no system javac (a JRE?)");
    return new JavacBatch(
        ProcessorJar::newProcessor, inline ? List.of() : List.of("-Abpf4j.inline=false"));
  }

  private static synchronized Processor newProcessor() {
    try {
      if (processorLoader == null) {
        Path jar =
            ModuleJars.moduleJar(
                Corpus.moduleDir().getParent().resolve("processor/target"), "processor");
        // Parent: the platform loader (javac's API), so that the processor comes from the jar
        // and not from the test class path.
        processorLoader =
            new URLClassLoader(
                new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      }
      return (Processor)
          processorLoader.loadClass(PROCESSOR).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | MalformedURLException e) {
      throw new AssertionError("cannot load the bpf4j processor from its jar", e);
    }
  }
}
