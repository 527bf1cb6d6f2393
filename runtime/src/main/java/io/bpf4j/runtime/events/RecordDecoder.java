package io.bpf4j.runtime.events;

import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.maps.Codec;
import io.bpf4j.runtime.maps.Codecs;
import io.bpf4j.runtime.sys.MappedMemory;

/**
 * Turns a record's bytes, in place in a ring, into the object a handler gets: a {@code byte[]} of
 * the record, or a {@code @Struct} (or Integer, Long) decoded with the maps' codec through one
 * reused scratch array, so that the decoded object is the only allocation per record.
 *
 * <p>Not thread-safe (the scratch array): one per reader, used under its lock.
 *
 * @param <T> the record type
 */
public abstract class RecordDecoder<T> {
  private final String what;

  private RecordDecoder(String what) {
    this.what = what;
  }

  /**
   * The decoder for records of {@code type}, read from {@code what} (for messages), whose length
   * may exceed the type's size by at most {@code padding} bytes (0 for ring buffer records, which
   * have their exact length; 7 for perf samples, which the kernel pads to 8 bytes).
   */
  @SuppressWarnings("unchecked")
  public static <T> RecordDecoder<T> of(Class<T> type, String what, int padding) {
    if (type == byte[].class) {
      return (RecordDecoder<T>) new RawBytes(what);
    }
    return new Decoded<>(Codecs.record(type), type, what, padding);
  }

  /** Decodes {@code length} bytes at {@code offset} of {@code memory}. */
  public abstract T decode(MappedMemory memory, long offset, int length);

  /** Decodes {@code length} bytes at {@code offset} of {@code bytes} (a record copied out). */
  public abstract T decode(byte[] bytes, int offset, int length);

  final String what() {
    return what;
  }

  private static final class RawBytes extends RecordDecoder<byte[]> {
    RawBytes(String what) {
      super(what);
    }

    @Override
    public byte[] decode(MappedMemory memory, long offset, int length) {
      byte[] out = new byte[length];
      memory.get(offset, out, 0, length);
      return out;
    }

    @Override
    public byte[] decode(byte[] bytes, int offset, int length) {
      byte[] out = new byte[length];
      System.arraycopy(bytes, offset, out, 0, length);
      return out;
    }
  }

  private static final class Decoded<T> extends RecordDecoder<T> {
    private final Codec<T> codec;
    private final Class<T> type;
    private final byte[] scratch;
    private final int padding;

    Decoded(Codec<T> codec, Class<T> type, String what, int padding) {
      super(what);
      this.padding = padding;
      this.codec = codec;
      this.type = type;
      this.scratch = new byte[codec.size()];
    }

    @Override
    public T decode(MappedMemory memory, long offset, int length) {
      checkLength(length);
      memory.get(offset, scratch, 0, scratch.length);
      return codec.decode(scratch, 0);
    }

    @Override
    public T decode(byte[] bytes, int offset, int length) {
      checkLength(length);
      return codec.decode(bytes, offset);
    }

    /** A record of another size than the class is never decoded: the class does not describe it. */
    private void checkLength(int length) {
      if (length < codec.size() || length > codec.size() + padding) {
        throw new BpfException(
            0,
            "a record of "
                + what()
                + " has "
                + length
                + " bytes, but "
                + type.getSimpleName()
                + " lays out to "
                + codec.size()
                + "; the Java class does not describe the records (read them as byte[] to see"
                + " them)");
      }
    }
  }
}
