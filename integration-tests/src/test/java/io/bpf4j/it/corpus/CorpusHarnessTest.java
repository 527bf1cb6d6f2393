package io.bpf4j.it.corpus;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The harness itself: a source the processor rejects fails its test with javac's diagnostics (file,
 * line, message and the offending source line), and does not keep other programs from compiling.
 */
class CorpusHarnessTest {
  @Test
  void aCompileErrorFailsWithJavacsDiagnostics() {
    KernelAssumptions.requireJavac();
    AssertionFailedError e =
        assertThrows(AssertionFailedError.class, () -> Corpus.compile("harness/RejectedByJavac"));
    String message = e.getMessage();
    assertTrue(
        message.contains("RejectedByJavac.java:15: error: "),
        "the message names the file and line of the double:\n" + message);
    assertTrue(
        message.contains("double half = skb.len() / 2.0;"),
        "the message quotes the source line:\n" + message);
    // Asking again gives the same failure (cached), and other programs still compile.
    assertThrows(AssertionFailedError.class, () -> Corpus.compile("harness/RejectedByJavac"));
    assertTrue(Files.isRegularFile(Corpus.compile("ContextView")));
  }
}
