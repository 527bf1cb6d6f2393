package io.bpf4j.processor;

import static io.bpf4j.processor.DiagnosticsTest.assertError;
import static io.bpf4j.processor.DiagnosticsTest.program;

import io.bpf4j.processor.diag.Messages;
import org.junit.jupiter.api.Test;

/** What javac reports about {@code @KernelStruct} views and {@code Core} calls. */
class KernelStructDiagnosticsTest {
  private static final String TASK =
      """
      @KernelStruct("task_struct")
      public static final class Task {
        public int tgid;
        public Task real_parent;
      }
      """;

  private static DiagnosticsTest.Src tracepoint(String body) {
    String indented =
        body.lines()
            .map(l -> l.isEmpty() ? l : "  " + l)
            .collect(java.util.stream.Collectors.joining("\n"));
    return program(
        "@Section(\"tracepoint/sched/sched_process_exec\")\n"
            + "public static int f(TracepointContext ctx) {\n"
            + indented
            + "\n}\n"
            + TASK);
  }

  @Test
  void aViewFieldIsReadOnly() {
    assertError(
        Messages.kernelStructWrite("Task", "tgid"),
        tracepoint(
            """
            Task t = Bpf.currentTask(Task.class);
            t.tgid = 1; // <-
            return 0;
            """));
  }

  @Test
  void aViewIsNotCreated() {
    assertError(
        Messages.kernelStructNew("Task"),
        tracepoint(
            """
            Task t = new Task(); // <-
            return t.tgid;
            """));
  }

  @Test
  void coreExistsNeedsAFieldRead() {
    assertError(
        Messages.coreQuestion("exists"),
        tracepoint(
            """
            int x = 3;
            return Core.exists(x) ? 1 : 0; // <-
            """));
  }

  @Test
  void currentTaskNeedsAViewClass() {
    assertError(
        Messages.viewClassLiteral("Bpf.currentTask"),
        tracepoint(
            """
            Counter c = Bpf.currentTask(Counter.class); // <-
            return 0;
            """));
  }

  @Test
  void aViewFieldOfAnotherTypeIsRefusedOnTheField() {
    assertError(
        Messages.kernelStructFieldType("Bad", "name"),
        program(
            """
            @Section("tracepoint/sched/sched_process_exec")
            public static int f(TracepointContext ctx) {
              return 0;
            }
            @KernelStruct("task_struct")
            public static final class Bad {
              public String name; // <-
            }
            """));
  }
}
