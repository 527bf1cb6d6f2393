package io.bpf4j.runtime.maps;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.MapBatch;
import io.bpf4j.runtime.sys.SyscallException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads every entry of a map as raw bytes: in batches ({@code BPF_MAP_LOOKUP_BATCH}, kernel 5.6+)
 * where the map type allows, else key by key with {@code BPF_MAP_GET_NEXT_KEY} and lookups.
 */
public final class EntryReader {
  /** The map types whose kernel implementation has batch operations. */
  private static final Set<MapType> BATCHED =
      EnumSet.of(
          MapType.HASH,
          MapType.ARRAY,
          MapType.PERCPU_HASH,
          MapType.PERCPU_ARRAY,
          MapType.LRU_HASH,
          MapType.LRU_PERCPU_HASH);

  /** A batch must hold at least this many entries, and take about 4 MiB at most. */
  private static final int MIN_BATCH = 64;

  private static final int MAX_BATCH = 65536;
  private static final int BATCH_BYTES = 4 << 20;

  /**
   * Receives entries: {@code count} keys of the key size back to back in {@code keys}, and their
   * values (all CPUs' of per-CPU maps) back to back in {@code values}. The arrays are reused.
   */
  public interface Sink {
    void accept(byte[] keys, byte[] values, int count);
  }

  private final Kernel kernel;
  private final Fd fd;
  private final String name;
  private final MapType type;
  private final int keySize;
  private final int valueBytes;
  private final int maxEntries;

  /**
   * @param valueBytes the size of a value as user space reads it (per-CPU: all CPUs' slots)
   */
  public EntryReader(
      Kernel kernel,
      Fd fd,
      String name,
      MapType type,
      int keySize,
      int valueBytes,
      int maxEntries) {
    this.kernel = kernel;
    this.fd = fd;
    this.name = name;
    this.type = type;
    this.keySize = keySize;
    this.valueBytes = valueBytes;
    this.maxEntries = maxEntries;
  }

  /** The batch size to start with: about 4 MiB of entries, within the map's size. */
  int batchSize() {
    int max = Math.max(MIN_BATCH, Math.min(MAX_BATCH, BATCH_BYTES / (keySize + valueBytes)));
    return Math.min(max, Math.max(1, maxEntries));
  }

  /** Reads every entry into {@code sink}. Entries changed during the read may or may not show. */
  public void read(Sink sink) {
    try {
      if (BATCHED.contains(type)
          && readBatched(kernel.mapLookupBatch(fd, keySize, valueBytes, batchSize()), sink)) {
        return;
      }
      byte[] k = kernel.mapNextKey(fd, null, keySize);
      while (k != null) {
        byte[] v = kernel.mapLookup(fd, k, valueBytes);
        if (v != null) {
          sink.accept(k, v, 1);
        }
        k = kernel.mapNextKey(fd, k, keySize);
      }
    } catch (SyscallException e) {
      throw Errors.of(e, "reading entries of map " + name);
    }
  }

  /**
   * Takes every entry out of the map into {@code sink}: in batches ({@code
   * BPF_MAP_LOOKUP_AND_DELETE_BATCH}, kernel 5.6+) where the map type allows, else by looking up
   * and deleting the first key until none is left. Entries that programs add meanwhile may be taken
   * too; an entry is passed on only once it is deleted (batches) or right before (per key).
   */
  public void drain(Sink sink) {
    try {
      if (BATCHED.contains(type)
          && readBatched(
              kernel.mapLookupAndDeleteBatch(fd, keySize, valueBytes, batchSize()), sink)) {
        return;
      }
      byte[] k = kernel.mapNextKey(fd, null, keySize);
      while (k != null) {
        byte[] v = kernel.mapLookup(fd, k, valueBytes);
        if (v != null && kernel.mapDelete(fd, k)) {
          sink.accept(k, v, 1);
        }
        k = kernel.mapNextKey(fd, null, keySize);
      }
    } catch (SyscallException e) {
      throw Errors.of(e, "draining map " + name, "this map kind cannot delete its entries");
    }
  }

  /**
   * Reads everything through {@code reader}; false when the kernel refuses batches for this map.
   */
  private boolean readBatched(MapBatch reader, Sink sink) throws SyscallException {
    byte[] keys = new byte[0];
    byte[] values = new byte[0];
    boolean first = true;
    while (true) {
      boolean more;
      try {
        more = reader.next();
      } catch (SyscallException e) {
        if (first
            && (e.errno() == Errno.EINVAL
                || e.errno() == Errno.EOPNOTSUPP
                || e.errno() == Errno.ENOTSUPP)) {
          return false;
        }
        throw e;
      }
      first = false;
      if (!more) {
        return true;
      }
      if (keys.length < reader.capacity() * keySize) {
        keys = new byte[reader.capacity() * keySize];
        values = new byte[reader.capacity() * valueBytes];
      }
      reader.keys(keys);
      reader.values(values);
      sink.accept(keys, values, reader.count());
    }
  }
}
