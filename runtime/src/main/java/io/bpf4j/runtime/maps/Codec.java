package io.bpf4j.runtime.maps;

/**
 * Encodes map keys or values of one Java type to the bytes the kernel stores, and back.
 *
 * @param <T> the Java type
 */
public interface Codec<T> {
  /** The encoded size in bytes. */
  int size();

  void encode(T value, byte[] out, int offset);

  T decode(byte[] in, int offset);

  default byte[] encode(T value) {
    byte[] out = new byte[size()];
    encode(value, out, 0);
    return out;
  }
}
