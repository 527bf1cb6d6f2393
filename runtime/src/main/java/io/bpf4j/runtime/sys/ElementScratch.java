package io.bpf4j.runtime.sys;

/**
 * Native memory one thread reuses for the element commands ({@code BPF_MAP_LOOKUP_ELEM}, {@code
 * UPDATE_ELEM}, {@code DELETE_ELEM}): the attributes, a key and a value. A fresh jnr-ffi allocation
 * per buffer (three per call, each tracked for release by the garbage collector) cost more than the
 * system call itself. Reuse is safe because a thread makes one system call at a time and nothing
 * keeps these buffers past the call; values larger than {@link #MAX_REUSED} bytes still get their
 * own memory, so that a one-off large value does not stay allocated per thread.
 */
final class ElementScratch {
  private static final int MAX_REUSED = 4096;
  private static final ThreadLocal<ElementScratch> CURRENT =
      ThreadLocal.withInitial(ElementScratch::new);

  private final Attr attr = new Attr(32);
  private NativeBuffer key = new NativeBuffer(16);
  private NativeBuffer value = new NativeBuffer(64);

  private ElementScratch() {}

  static ElementScratch get() {
    return CURRENT.get();
  }

  /** The attributes of an element command, zeroed. */
  Attr attr() {
    return attr.reset();
  }

  /** A buffer holding {@code bytes} at its start (it may be longer). */
  NativeBuffer key(byte[] bytes) {
    if (bytes.length > MAX_REUSED) {
      return NativeBuffer.of(bytes);
    }
    if (key.size() < bytes.length) {
      key = new NativeBuffer(bytes.length);
    }
    key.put(0, bytes);
    return key;
  }

  /** A buffer of at least {@code size} bytes for a value the kernel writes. */
  NativeBuffer valueOut(int size) {
    if (size > MAX_REUSED) {
      return new NativeBuffer(size);
    }
    if (value.size() < size) {
      value = new NativeBuffer(size);
    }
    return value;
  }

  /** A buffer holding {@code bytes} for a value the kernel reads. */
  NativeBuffer valueIn(byte[] bytes) {
    if (bytes.length > MAX_REUSED) {
      return NativeBuffer.of(bytes);
    }
    NativeBuffer v = valueOut(bytes.length);
    v.put(0, bytes);
    return v;
  }
}
