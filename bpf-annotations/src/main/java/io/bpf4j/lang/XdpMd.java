package io.bpf4j.lang;

/** The {@code struct xdp_md} context of XDP programs. */
public interface XdpMd extends BpfContext {
  int ingressIfindex();

  int rxQueueIndex();

  /** The packet's length ({@code data_end - data}). */
  int length();

  /**
   * The unsigned byte at {@code off}; a read past the packet's end ends the program with the
   * section's {@code onFault} value (0, {@code XDP_ABORTED}, unless the section says otherwise).
   */
  int loadByte(int off);

  /** The big-endian unsigned 16-bit value at {@code off}. */
  int loadHalf(int off);

  /** The big-endian 32-bit value at {@code off}. */
  int loadWord(int off);

  /** Copies {@code dst.length} bytes from {@code off}: 0 or a negative errno. */
  int loadBytes(int off, byte[] dst);

  /**
   * Writes the low 8 bits of {@code value} at {@code off}; past the end ends with {@code onFault}.
   */
  void storeByte(int off, int value);

  /** Writes the low 16 bits of {@code value} big-endian at {@code off}, like {@link #loadHalf}. */
  void storeHalf(int off, int value);

  /** Writes {@code value} big-endian at {@code off}, like {@link #loadWord}. */
  void storeWord(int off, int value);

  /** Copies {@code src} into the packet at {@code off}; past the end ends with {@code onFault}. */
  void storeBytes(int off, byte[] src);

  /**
   * {@code bpf_xdp_adjust_head}: moves the packet's start by {@code delta} bytes (negative grows
   * the packet at the front). 0 or a negative errno; offsets afterwards are from the new start.
   */
  int adjustHead(int delta);

  /** {@code bpf_xdp_adjust_tail}: grows or shrinks the packet at its end. 0 or a negative errno. */
  int adjustTail(int delta);

  /** {@code bpf_xdp_adjust_meta}: moves the start of the metadata area. 0 or a negative errno. */
  int adjustMeta(int delta);
}
