package io.bpf4j.runtime.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bpf4j.runtime.fake.ByteArrayMemory;
import io.bpf4j.runtime.sys.MappedMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One CPU's perf ring, written by the test as the kernel writes it. */
class PerfRingTest {
  static final int PAGE = 4096;
  static final int DATA = 4096;

  private final byte[] bytes = new byte[PAGE + DATA];
  private final ByteBuffer kernel = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  private long head;

  PerfRingTest() {
    kernel.putLong(PerfRing.DATA_OFFSET, PAGE);
    kernel.putLong(PerfRing.DATA_SIZE, DATA);
  }

  private final List<byte[]> inPlace = new ArrayList<>();
  private final List<byte[]> copied = new ArrayList<>();

  private final RecordSink sink =
      new RecordSink() {
        @Override
        public void record(MappedMemory memory, long offset, int length) {
          byte[] b = new byte[length];
          memory.get(offset, b, 0, length);
          inPlace.add(b);
        }

        @Override
        public void record(byte[] b, int offset, int length) {
          copied.add(Arrays.copyOfRange(b, offset, offset + length));
        }
      };

  /** Writes one record at the head, wrapping at the end of the data area, as the kernel does. */
  private void write(int type, byte[] body) {
    int size = 8 + body.length;
    byte[] record = new byte[size];
    ByteBuffer r = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
    r.putInt(0, type).putShort(4, (short) 0).putShort(6, (short) size);
    System.arraycopy(body, 0, record, 8, body.length);
    for (int i = 0; i < size; i++) {
      bytes[PAGE + (int) ((head + i) % DATA)] = record[i];
    }
    head += size;
    kernel.putLong(PerfRing.DATA_HEAD, head);
  }

  /** A PERF_SAMPLE_RAW sample: u32 size, then the data padded so that the record is 8-aligned. */
  private void sample(byte[] data) {
    int raw = ((data.length + 4 + 7) & ~7) - 4;
    byte[] body = new byte[4 + raw];
    ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).putInt(0, raw);
    System.arraycopy(data, 0, body, 4, data.length);
    write(PerfRing.RECORD_SAMPLE, body);
  }

  private void lost(long count) {
    byte[] body = new byte[16];
    ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 77).putLong(8, count);
    write(PerfRing.RECORD_LOST, body);
  }

  private static byte[] data(int seed, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (seed * 31 + i);
    }
    return b;
  }

  private PerfRing ring() {
    return new PerfRing(new ByteArrayMemory(bytes), PAGE);
  }

  @Test
  void samplesArriveInOrderWithTheirPaddingAndTheTailFollows() {
    PerfRing ring = ring();
    sample(data(1, 16));
    sample(data(2, 20));
    assertEquals(2, ring.consume(sink));
    assertArrayEquals(data(1, 16), Arrays.copyOf(inPlace.get(0), 16));
    assertEquals(20, inPlace.get(0).length, "16 bytes padded to 20 after the u32 size");
    assertArrayEquals(data(2, 20), inPlace.get(1));
    assertEquals(head, kernel.getLong(PerfRing.DATA_TAIL));
    assertEquals(0, ring.consume(sink));
  }

  @Test
  void lostRecordsAreCounted() {
    PerfRing ring = ring();
    sample(data(1, 8));
    lost(5);
    sample(data(2, 8));
    lost(3);
    assertEquals(2, ring.consume(sink));
    assertEquals(8, ring.lost());
  }

  @Test
  void recordsWrappingTheEndAreCopiedWhole() {
    PerfRing ring = ring();
    // Leave 24 bytes before the end, then a 44-byte sample (a 56-byte record) across it.
    sample(data(0, DATA - 24 - 12));
    assertEquals(1, ring.consume(sink));
    sample(data(5, 44));
    lost(2);
    sample(data(6, 4));
    assertEquals(2, ring.consume(sink));
    assertEquals(1, copied.size(), "the wrapping sample went through the buffer");
    assertArrayEquals(data(5, 44), copied.get(0));
    assertArrayEquals(data(6, 4), inPlace.get(1));
    assertEquals(2, ring.lost());
  }

  @Test
  void aLostRecordWrappingTheEndIsCounted() {
    PerfRing ring = ring();
    sample(data(0, DATA - 16 - 12));
    ring.consume(sink);
    lost(9); // 24 bytes from 16 before the end
    assertEquals(0, ring.consume(sink));
    assertEquals(9, ring.lost());
  }

  @Test
  void aHandlerExceptionPropagatesAfterTheTailPassedTheSample() {
    PerfRing ring = ring();
    sample(data(1, 8));
    sample(data(2, 8));
    RecordSink failing =
        new RecordSink() {
          @Override
          public void record(MappedMemory memory, long offset, int length) {
            throw new IllegalStateException("handler failed");
          }

          @Override
          public void record(byte[] b, int offset, int length) {
            throw new IllegalStateException("handler failed");
          }
        };
    assertThrows(IllegalStateException.class, () -> ring.consume(failing));
    assertEquals(24, kernel.getLong(PerfRing.DATA_TAIL));
    assertEquals(1, ring.consume(sink));
    assertArrayEquals(data(2, 8), Arrays.copyOf(inPlace.get(0), 8));
  }
}
