package io.bpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A class the processor did not compile: the message shows the build lines that fix it. */
class MissingObjectTest {
  /** No {@code NotCompiled.bpf.o} exists next to this class. */
  static final class NotCompiled {}

  @Test
  void theMessageSaysTheProcessorDidNotRunAndHowToAddIt() {
    BpfException e = assertThrows(BpfException.class, () -> BpfRuntime.load(NotCompiled.class));
    String m = e.getMessage();
    assertTrue(m.startsWith("no MissingObjectTest$NotCompiled.bpf.o next to "), m);
    assertTrue(m.contains("the bpf4j annotation processor did not compile it"), m);
    assertTrue(m.contains("<artifactId>maven-compiler-plugin</artifactId>"), m);
    assertTrue(m.contains("<version>3.13.0</version>"), m);
    assertTrue(m.contains("annotationProcessor 'io.bpf4j:processor:"), m);
  }
}
