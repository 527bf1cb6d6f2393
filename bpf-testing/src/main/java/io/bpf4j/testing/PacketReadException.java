package io.bpf4j.testing;

/**
 * A {@code loadByte}, {@code loadHalf} or {@code loadWord} past the end of the packet (or at a
 * negative offset). In the kernel such a read ends the program with the section's {@code onFault}
 * value (default 0); the simulator does the same and reports this exception as the run's {@link
 * SimResult#failure()}.
 */
public final class PacketReadException extends RuntimeException {
  private final int offset;
  private final int size;
  private final int packetLength;

  PacketReadException(int offset, int size, int packetLength) {
    super(
        "a "
            + size
            + "-byte packet read at offset "
            + offset
            + " is outside the "
            + packetLength
            + "-byte packet; the kernel ends the program with the section's onFault value"
            + " (default 0)");
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
