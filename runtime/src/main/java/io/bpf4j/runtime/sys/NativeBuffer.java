package io.bpf4j.runtime.sys;

import java.nio.charset.StandardCharsets;
import jnr.ffi.Pointer;

/** Native memory that the kernel reads from or writes into (instructions, keys, logs, packets). */
final class NativeBuffer {
  private final Pointer memory;
  private final int size;

  NativeBuffer(int size) {
    this.size = size;
    this.memory = Native.allocate(size);
  }

  public static NativeBuffer of(byte[] bytes) {
    NativeBuffer b = new NativeBuffer(bytes.length);
    b.memory.put(0, bytes, 0, bytes.length);
    return b;
  }

  /** A NUL-terminated C string. */
  public static NativeBuffer cString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    NativeBuffer buf = new NativeBuffer(b.length + 1);
    buf.memory.put(0, b, 0, b.length);
    return buf;
  }

  public int size() {
    return size;
  }

  long address() {
    return memory.address();
  }

  Pointer pointer() {
    return memory;
  }

  public byte[] bytes() {
    return bytes(0, size);
  }

  public byte[] bytes(int offset, int length) {
    byte[] out = new byte[length];
    memory.get(offset, out, 0, length);
    return out;
  }

  /** Copies {@code length} bytes from {@code offset} into the start of {@code out}. */
  public void get(int offset, byte[] out, int length) {
    memory.get(offset, out, 0, length);
  }

  public void put(int offset, byte[] bytes) {
    memory.put(offset, bytes, 0, bytes.length);
  }

  public void putInt(int offset, int value) {
    memory.putInt(offset, value);
  }

  public int getInt(int offset) {
    return memory.getInt(offset);
  }

  /** The text up to the first NUL; read in one copy, so a log of megabytes costs milliseconds. */
  public String string() {
    int n = memory.indexOf(0, (byte) 0, size);
    return new String(bytes(0, n < 0 ? size : n), StandardCharsets.UTF_8);
  }
}
