package io.bpf4j.runtime.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Lines from a channel written in arbitrary pieces, as the trace pipe hands them out. */
class TraceLinesTest {
  private static void write(Pipe pipe, String text) throws Exception {
    pipe.sink().write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void splitsPiecesIntoLines() throws Exception {
    Pipe pipe = Pipe.open();
    try (TraceLines lines = new TraceLines(pipe.source(), "test-trace")) {
      write(pipe, "  <idle>-0  [001] bpf_trace_printk: pkt len = ");
      write(pipe, "98\nsecond li");
      write(pipe, "ne\n");
      assertEquals(
          "  <idle>-0  [001] bpf_trace_printk: pkt len = 98", lines.next(Duration.ofSeconds(5)));
      assertEquals("second line", lines.next(Duration.ofSeconds(5)));
      assertNull(lines.next(Duration.ofMillis(50)), "nothing more came");
    }
  }

  @Test
  void anEndedChannelGivesNullFromThenOn() throws Exception {
    Pipe pipe = Pipe.open();
    try (TraceLines lines = new TraceLines(pipe.source(), "test-trace")) {
      write(pipe, "last\n");
      pipe.sink().close();
      assertEquals("last", lines.next(Duration.ofSeconds(5)));
      assertNull(lines.next(Duration.ofSeconds(5)));
      assertNull(lines.next(Duration.ofSeconds(5)));
    }
  }
}
