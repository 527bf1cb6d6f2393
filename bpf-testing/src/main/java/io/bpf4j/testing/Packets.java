package io.bpf4j.testing;

/** Big-endian packet reads shared by the packet contexts, with the kernel's bounds rules. */
final class Packets {
  private Packets() {}

  /**
   * The unsigned big-endian value of {@code size} bytes at {@code off}; a read outside the packet
   * ends the program, as the processor's code does ({@code bpf_skb_load_bytes} fails, or the XDP
   * bounds check does, and the program returns 0).
   */
  static int read(byte[] data, int off, int size) {
    return read(data, 0, data.length, off, size);
  }

  /** {@link #read(byte[], int, int)} within the packet {@code data[start, start + length)}. */
  static int read(byte[] data, int start, int length, int off, int size) {
    if (off < 0 || off > length - size) {
      throw new PacketReadException(off, size, length);
    }
    int v = 0;
    for (int i = 0; i < size; i++) {
      v = (v << 8) | (data[start + off + i] & 0xff);
    }
    return v;
  }

  /**
   * Writes the low {@code size} bytes of {@code value} big-endian at {@code off} of {@code
   * data[start, start + length)}; outside it ends the program as {@link #read} does.
   */
  static void write(byte[] data, int start, int length, int off, int size, int value) {
    if (off < 0 || off > length - size) {
      throw new PacketWriteException(off, size, length);
    }
    for (int i = size - 1; i >= 0; i--) {
      data[start + off + i] = (byte) value;
      value >>>= 8;
    }
  }

  /**
   * Copies {@code src} to {@code off} of {@code data[start, start + length)}, or ends the program.
   */
  static void writeBytes(byte[] data, int start, int length, int off, byte[] src) {
    if (off < 0 || off > length - src.length) {
      throw new PacketWriteException(off, src.length, length);
    }
    System.arraycopy(src, 0, data, start + off, src.length);
  }

  /** A 16-bit big-endian field of a frame. */
  static int u16(byte[] frame, int off) {
    return ((frame[off] & 0xff) << 8) | (frame[off + 1] & 0xff);
  }
}
