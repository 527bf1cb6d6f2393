package io.bpf4j.runtime.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.fake.ByteArrayMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {
  /** Laid out as C lays out {@code struct { u32 seq; u8 flag; u64 when; }}: 16 bytes. */
  static final class Event {
    int seq;
    byte flag;
    long when;
  }

  private static byte[] event(int seq, byte flag, long when) {
    return ByteBuffer.allocate(16)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(0, seq)
        .put(4, flag)
        .putLong(8, when)
        .array();
  }

  @Test
  void structsAreDecodedByTheirCLayout() {
    RecordDecoder<Event> d = RecordDecoder.of(Event.class, "ring events", 0);
    Event e = d.decode(new ByteArrayMemory(event(7, (byte) 1, 123456789L)), 0, 16);
    assertEquals(7, e.seq);
    assertEquals(1, e.flag);
    assertEquals(123456789L, e.when);
    Event e2 = d.decode(event(8, (byte) 0, 5), 0, 16);
    assertEquals(8, e2.seq);
  }

  @Test
  void aRecordOfAnotherSizeIsAnErrorThatSaysSo() {
    RecordDecoder<Event> d = RecordDecoder.of(Event.class, "ring events", 0);
    BpfException e =
        assertThrows(BpfException.class, () -> d.decode(new ByteArrayMemory(new byte[24]), 0, 24));
    assertTrue(e.getMessage().contains("24 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("Event lays out to 16"), e.getMessage());
  }

  @Test
  void perfPaddingIsAccepted() {
    RecordDecoder<Event> d = RecordDecoder.of(Event.class, "perf events", 7);
    byte[] padded = new byte[20];
    System.arraycopy(event(3, (byte) 0, 9), 0, padded, 0, 16);
    assertEquals(3, d.decode(padded, 0, 20).seq);
  }

  @Test
  void bytesAreCopied() {
    RecordDecoder<byte[]> d = RecordDecoder.of(byte[].class, "ring raw", 0);
    byte[] in = {1, 2, 3, 4, 5};
    assertArrayEquals(new byte[] {2, 3, 4}, d.decode(new ByteArrayMemory(in), 1, 3));
  }
}
