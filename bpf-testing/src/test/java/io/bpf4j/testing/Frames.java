package io.bpf4j.testing;

/** Ethernet frames for the tests: destination 00:00:00:00:00:00 (loopback's address). */
final class Frames {
  private Frames() {}

  /** A frame of {@code length} bytes with EtherType {@code type}; payload bytes 0, 1, 2... */
  static byte[] frame(int type, int length) {
    byte[] f = new byte[length];
    f[6] = 2; // a locally administered source address
    f[11] = 1;
    f[12] = (byte) (type >> 8);
    f[13] = (byte) type;
    for (int i = 14; i < length; i++) {
      f[i] = (byte) (i - 14);
    }
    return f;
  }

  /** An IPv4 frame of {@code length} bytes (a 20-byte header, protocol {@code proto}). */
  static byte[] ipv4(int length, int proto) {
    byte[] f = frame(0x0800, length);
    f[14] = 0x45;
    f[15] = 0;
    f[16] = (byte) ((length - 14) >> 8);
    f[17] = (byte) (length - 14);
    f[22] = 64;
    f[23] = (byte) proto;
    return f;
  }

  static byte[] withDestination(byte[] frame, int... mac) {
    byte[] f = frame.clone();
    for (int i = 0; i < 6; i++) {
      f[i] = (byte) mac[i];
    }
    return f;
  }
}
