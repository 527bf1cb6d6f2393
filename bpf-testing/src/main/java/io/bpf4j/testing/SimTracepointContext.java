package io.bpf4j.testing;

import io.bpf4j.lang.TracepointContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A tracepoint's raw record, for running {@code tracepoint/...} programs in the simulator (the
 * kernel cannot test-run them). Fields are read little-endian at the offsets the event's {@code
 * format} file lists.
 */
public final class SimTracepointContext implements TracepointContext {
  private final ByteBuffer record;

  public SimTracepointContext(byte[] record) {
    this.record = ByteBuffer.wrap(record.clone()).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public long readLong(int offset) {
    return record.getLong(check(offset, 8));
  }

  @Override
  public int readInt(int offset) {
    return record.getInt(check(offset, 4));
  }

  @Override
  public int readShort(int offset) {
    return Short.toUnsignedInt(record.getShort(check(offset, 2)));
  }

  @Override
  public int readByte(int offset) {
    return Byte.toUnsignedInt(record.get(check(offset, 1)));
  }

  @Override
  public int readString(int offset, byte[] dst) {
    int loc = readInt(offset);
    int start = loc & 0xffff;
    if (start >= record.capacity()) {
      java.util.Arrays.fill(dst, (byte) 0);
      return -14; // -EFAULT: the kernel's helper reads past the record
    }
    byte[] rest = new byte[record.capacity() - start];
    record.get(start, rest);
    return CString.copy(rest, dst);
  }

  private int check(int offset, int size) {
    if (offset < 0 || offset > record.capacity() - size) {
      throw new SimulationException(
          "the program reads "
              + size
              + " bytes at offset "
              + offset
              + " of a "
              + record.capacity()
              + "-byte tracepoint record; pass a record as long as the event's format says");
    }
    return offset;
  }
}
