package io.bpf4j.lang;

/** The {@code struct xdp_md} context of XDP programs. */
public interface XdpMd extends BpfContext {
  int ingressIfindex();

  int rxQueueIndex();

  /** The packet's length ({@code data_end - data}). */
  int length();

  /** The unsigned byte at {@code off}; a read past the packet's end ends the program with 0. */
  int loadByte(int off);

  /** The big-endian unsigned 16-bit value at {@code off}. */
  int loadHalf(int off);

  /** The big-endian 32-bit value at {@code off}. */
  int loadWord(int off);

  /** Copies {@code dst.length} bytes from {@code off}: 0 or a negative errno. */
  int loadBytes(int off, byte[] dst);
}
