package io.bpf4j.object.btf;

import java.util.Arrays;

/** A growable little-endian byte sink: BTF is always written for the (little-endian) BPF target. */
final class LeOutput {

  private byte[] bytes = new byte[256];
  private int size;

  int size() {
    return size;
  }

  void u8(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
  }

  void u16(int value) {
    u8(value);
    u8(value >>> 8);
  }

  void u32(int value) {
    u16(value);
    u16(value >>> 16);
  }

  void bytes(byte[] value) {
    ensure(value.length);
    System.arraycopy(value, 0, bytes, size, value.length);
    size += value.length;
  }

  /** Overwrites an already written 32-bit word, for lengths known only after the body. */
  void u32At(int position, int value) {
    for (int i = 0; i < 4; i++) {
      bytes[position + i] = (byte) (value >>> (8 * i));
    }
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
