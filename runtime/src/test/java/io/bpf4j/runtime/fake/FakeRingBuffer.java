package io.bpf4j.runtime.fake;

import io.bpf4j.runtime.sys.MappedMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kernel side of a ring buffer map in the fake kernel: the producer that BPF programs are,
 * writing records with their 8-byte headers (busy and discard bits) into a data area that the
 * reader maps as the kernel maps it (consumer page at 0, producer page and the data area twice from
 * one page on). Tests write records with {@link #output}, or {@link #reserve} and then {@link
 * #submit} or {@link #discard}.
 */
public final class FakeRingBuffer {
  static final int BUSY = 1 << 31;
  static final int DISCARD = 1 << 30;

  private final int page;
  private final int size;
  private final byte[] consumerPage;
  private final byte[] producerPageAndData;
  private final ByteBuffer consumer;
  private final ByteBuffer producer;
  private int mappings;

  public FakeRingBuffer(int page, int size) {
    this.page = page;
    this.size = size;
    this.consumerPage = new byte[page];
    this.producerPageAndData = new byte[page + size];
    this.consumer = ByteBuffer.wrap(consumerPage).order(ByteOrder.LITTLE_ENDIAN);
    this.producer = ByteBuffer.wrap(producerPageAndData).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** What {@code mmap} of the map's fd at {@code offset} gives (for tests of the ring alone). */
  public MappedMemory mapForTest(long offset, long length, boolean writable) {
    return map(offset, length, writable);
  }

  /** What {@code mmap} of the map's fd at {@code offset} gives. */
  MappedMemory map(long offset, long length, boolean writable) {
    mappings++;
    if (offset == 0 && length == page && writable) {
      return new ByteArrayMemory(consumerPage);
    }
    if (offset == page && length == page + 2L * size && !writable) {
      return new ByteArrayMemory(producerPageAndData, length, page, size);
    }
    throw new AssertionError(
        "ring buffer mapped at " + offset + ", " + length + " bytes, writable " + writable);
  }

  public synchronized long producerPosition() {
    return producer.getLong(0);
  }

  public synchronized long consumerPosition() {
    return consumer.getLong(0);
  }

  /** Bytes not yet consumed: the ring is readable when there are any. */
  public synchronized boolean readable() {
    return producerPosition() > consumerPosition();
  }

  /** {@code bpf_ringbuf_reserve}: the record's position, or -1 when the ring is full. */
  public synchronized long reserve(int length) {
    long position = producerPosition();
    long footprint = ((long) length + 8 + 7) & ~7L;
    if (position + footprint - consumerPosition() > size) {
      return -1;
    }
    putData(position, intBytes(length | BUSY));
    putData(position + 4, intBytes((int) ((position % size + page) / page)));
    producer.putLong(0, position + footprint);
    return position;
  }

  /** Writes {@code bytes} into the record reserved at {@code position}. */
  public synchronized void write(long position, byte[] bytes) {
    putData(position + 8, bytes);
  }

  public synchronized void submit(long position) {
    int length = lengthWord(position);
    putData(position, intBytes(length & ~BUSY));
  }

  public synchronized void discard(long position) {
    int length = lengthWord(position);
    putData(position, intBytes((length & ~BUSY) | DISCARD));
  }

  /** {@code bpf_ringbuf_output}: false when the ring is full. */
  public synchronized boolean output(byte[] record) {
    long position = reserve(record.length);
    if (position < 0) {
      return false;
    }
    write(position, record);
    submit(position);
    return true;
  }

  private int lengthWord(long position) {
    return producer.getInt(page + (int) (position % size));
  }

  /** Writes into the data area, wrapping at its end as the kernel's double mapping does. */
  private void putData(long position, byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      producerPageAndData[page + (int) ((position + i) % size)] = bytes[i];
    }
  }

  private static byte[] intBytes(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  /** How many times the reader mapped this ring (2 per reader). */
  public int mappings() {
    return mappings;
  }
}
