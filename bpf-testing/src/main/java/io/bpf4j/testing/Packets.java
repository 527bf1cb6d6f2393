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
    if (off < 0 || off > data.length - size) {
      throw new PacketReadException(off, size, data.length);
    }
    int v = 0;
    for (int i = 0; i < size; i++) {
      v = (v << 8) | (data[off + i] & 0xff);
    }
    return v;
  }

  /** A 16-bit big-endian field of a frame. */
  static int u16(byte[] frame, int off) {
    return ((frame[off] & 0xff) << 8) | (frame[off + 1] & 0xff);
  }
}
