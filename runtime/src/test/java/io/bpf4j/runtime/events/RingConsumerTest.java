package io.bpf4j.runtime.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bpf4j.runtime.fake.FakeRingBuffer;
import io.bpf4j.runtime.sys.MappedMemory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ring buffer protocol over a byte-array ring that the test writes as the kernel would. */
class RingConsumerTest {
  static final int PAGE = 4096;
  static final int SIZE = 4096;

  /** Collects each record's bytes. */
  static class Collect implements RecordSink {
    final List<byte[]> records = new ArrayList<>();

    @Override
    public void record(MappedMemory memory, long offset, int length) {
      byte[] b = new byte[length];
      memory.get(offset, b, 0, length);
      records.add(b);
    }

    @Override
    public void record(byte[] bytes, int offset, int length) {
      throw new AssertionError("ring buffer records are read in place");
    }
  }

  private final FakeRingBuffer kernel = new FakeRingBuffer(PAGE, SIZE);
  private final RingConsumer ring =
      new RingConsumer(
          kernel.mapForTest(0, PAGE, true),
          kernel.mapForTest(PAGE, PAGE + 2 * SIZE, false),
          PAGE,
          SIZE);

  static byte[] record(int seq, int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (seq + i);
    }
    return b;
  }

  @Test
  void recordsArriveInOrderAndTheConsumerPositionFollows() {
    for (int i = 0; i < 10; i++) {
      kernel.output(record(i, 12));
    }
    Collect c = new Collect();
    assertEquals(10, ring.consume(c, Integer.MAX_VALUE));
    for (int i = 0; i < 10; i++) {
      assertArrayEquals(record(i, 12), c.records.get(i));
    }
    // 12 bytes + 8 of header, rounded up to 24.
    assertEquals(240, kernel.consumerPosition());
    assertEquals(0, ring.consume(c, Integer.MAX_VALUE));
  }

  @Test
  void discardedRecordsAreSkippedButTheirSpaceIsFreed() {
    long a = kernel.reserve(16);
    long b = kernel.reserve(16);
    long c = kernel.reserve(16);
    kernel.write(a, record(1, 16));
    kernel.write(c, record(3, 16));
    kernel.submit(a);
    kernel.discard(b);
    kernel.submit(c);
    Collect sink = new Collect();
    assertEquals(2, ring.consume(sink, Integer.MAX_VALUE));
    assertArrayEquals(record(1, 16), sink.records.get(0));
    assertArrayEquals(record(3, 16), sink.records.get(1));
    assertEquals(kernel.producerPosition(), kernel.consumerPosition());
  }

  @Test
  void aRecordStillBeingWrittenStopsTheConsumerUntilCommitted() {
    kernel.output(record(1, 8));
    long busy = kernel.reserve(8);
    kernel.output(record(3, 8));
    Collect sink = new Collect();
    assertEquals(1, ring.consume(sink, Integer.MAX_VALUE));
    assertEquals(16, kernel.consumerPosition(), "stopped at the busy record");
    kernel.write(busy, record(2, 8));
    kernel.submit(busy);
    assertEquals(2, ring.consume(sink, Integer.MAX_VALUE));
    assertArrayEquals(record(2, 8), sink.records.get(1));
    assertArrayEquals(record(3, 8), sink.records.get(2));
  }

  @Test
  void aRecordWrappingTheEndIsReadContiguouslyThroughTheDoubleMapping() {
    // Fill up to 16 bytes before the end, consume, then write a 40-byte record across the end.
    int filler = SIZE - 16 - 8;
    kernel.output(record(0, filler));
    Collect sink = new Collect();
    ring.consume(sink, Integer.MAX_VALUE);
    byte[] wrapping = record(7, 40);
    kernel.output(wrapping);
    kernel.output(record(9, 4));
    assertEquals(2, ring.consume(sink, Integer.MAX_VALUE));
    assertArrayEquals(wrapping, sink.records.get(1));
    assertArrayEquals(record(9, 4), sink.records.get(2));
  }

  @Test
  void aFullRingTakesRecordsAgainOnceConsumed() {
    int n = 0;
    while (kernel.output(record(n, 56))) {
      n++;
    }
    assertEquals(SIZE / 64, n, "64 bytes per record");
    Collect sink = new Collect();
    assertEquals(n, ring.consume(sink, Integer.MAX_VALUE));
    for (int i = 0; i < 3 * n; i++) {
      kernel.output(record(i, 56));
      assertEquals(1, ring.consume(sink, Integer.MAX_VALUE));
    }
  }

  @Test
  void aHandlerExceptionPropagatesAfterTheRecordIsConsumed() {
    kernel.output(record(1, 8));
    kernel.output(record(2, 8));
    RecordSink failing =
        new Collect() {
          @Override
          public void record(MappedMemory memory, long offset, int length) {
            throw new IllegalArgumentException("handler failed");
          }
        };
    assertThrows(IllegalArgumentException.class, () -> ring.consume(failing, Integer.MAX_VALUE));
    assertEquals(16, kernel.consumerPosition(), "past the record that failed");
    Collect sink = new Collect();
    assertEquals(1, ring.consume(sink, Integer.MAX_VALUE));
    assertArrayEquals(record(2, 8), sink.records.get(0));
  }

  @Test
  void theLimitLeavesTheRestForLater() {
    for (int i = 0; i < 5; i++) {
      kernel.output(record(i, 8));
    }
    Collect sink = new Collect();
    assertEquals(2, ring.consume(sink, 2));
    assertEquals(3, ring.consume(sink, 10));
  }
}
