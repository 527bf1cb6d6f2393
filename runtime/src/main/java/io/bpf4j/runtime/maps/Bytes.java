package io.bpf4j.runtime.maps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian reads and writes of byte arrays (the kernel's byte order on x86-64 and arm64). */
final class Bytes {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private Bytes() {}

  /**
   * The zero-extended value of {@code size} bytes; words in one access (decoding events is hot).
   */
  static long get(byte[] b, int off, int size) {
    if (size == 8) {
      return (long) LONGS.get(b, off);
    }
    if (size == 4) {
      return (int) INTS.get(b, off) & 0xffff_ffffL;
    }
    long v = 0;
    for (int i = size - 1; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }

  static void put(byte[] b, int off, int size, long v) {
    if (size == 8) {
      LONGS.set(b, off, v);
      return;
    }
    if (size == 4) {
      INTS.set(b, off, (int) v);
      return;
    }
    for (int i = 0; i < size; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  static int getInt(byte[] b, int off) {
    return (int) get(b, off, 4);
  }

  static long getLong(byte[] b, int off) {
    return get(b, off, 8);
  }

  static void putInt(byte[] b, int off, int v) {
    put(b, off, 4, v);
  }

  static void putLong(byte[] b, int off, long v) {
    put(b, off, 8, v);
  }
}
