package io.bpf4j.testing;

/**
 * A {@code storeByte}, {@code storeHalf}, {@code storeWord} or {@code storeBytes} outside the
 * packet. The compiled program's bounds check (XDP, direct access) or the failing {@code
 * bpf_skb_store_bytes} ends it with the section's {@code onFault} value; the simulator does the
 * same and reports this exception as the run's {@link SimResult#failure()}.
 */
public final class PacketWriteException extends RuntimeException {
  private final int offset;
  private final int size;
  private final int packetLength;

  PacketWriteException(int offset, int size, int packetLength) {
    super(
        "a "
            + size
            + "-byte packet write at offset "
            + offset
            + " is outside the "
            + packetLength
            + "-byte packet; the kernel ends the program with the section's onFault value");
    this.offset = offset;
    this.size = size;
    this.packetLength = packetLength;
  }

  public int offset() {
    return offset;
  }

  public int size() {
    return size;
  }

  public int packetLength() {
    return packetLength;
  }
}
