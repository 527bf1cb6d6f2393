package io.bpf4j.testing;

import java.util.Arrays;

/** A map key by value: its bytes, as the kernel's hash maps compare keys ({@code memcmp}). */
final class KeyBytes {
  private final byte[] bytes;

  KeyBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyBytes k && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  byte[] bytes() {
    return bytes;
  }
}
