package io.bpf4j.runtime.maps;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.BatchFailedException;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.BatchWrite;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.util.Arrays;

/**
 * Writes and deletes entries given as raw bytes, a chunk at a time: with {@code
 * BPF_MAP_UPDATE_BATCH} / {@code BPF_MAP_DELETE_BATCH} (kernel 5.6+) while the kernel accepts them
 * for the map, else one system call per entry. A failure reports how many entries took effect over
 * every chunk of the operation so far, as a {@link BatchFailedException}.
 */
public final class EntryWriter {
  private final Kernel kernel;
  private final Fd fd;
  private final String name;
  private final int keySize;
  private final int valueBytes;

  /** Set once the kernel refused a batch for this map: the rest goes entry by entry. */
  private boolean perEntry;

  /** How many entries previous chunks of this operation completed. */
  private int done;

  public EntryWriter(Kernel kernel, Fd fd, String name, int keySize, int valueBytes) {
    this.kernel = kernel;
    this.fd = fd;
    this.name = name;
    this.keySize = keySize;
    this.valueBytes = valueBytes;
  }

  /** Entries per chunk: about 4 MiB of keys and values, as {@link EntryReader} reads them. */
  public int chunkSize(int maxEntries) {
    return new EntryReader(kernel, fd, name, null, keySize, valueBytes, maxEntries).batchSize();
  }

  /** Stores {@code count} entries; {@code flags} as for a single update. */
  public void update(byte[] keys, byte[] values, int count, long flags) {
    if (!perEntry) {
      BatchWrite w = kernel.mapUpdateBatch(fd, keys, values, count, flags);
      if (w.ok()) {
        done += count;
        return;
      }
      if (!refused(w)) {
        throw failed("update of map " + name, w.errno(), done + w.done(), UPDATE_INVALID);
      }
      perEntry = true;
    }
    for (int i = 0; i < count; i++) {
      try {
        kernel.mapUpdate(
            fd,
            Arrays.copyOfRange(keys, i * keySize, (i + 1) * keySize),
            Arrays.copyOfRange(values, i * valueBytes, (i + 1) * valueBytes),
            flags);
      } catch (SyscallException e) {
        throw failed("update of map " + name, e.errno(), done + i, UPDATE_INVALID);
      }
    }
    done += count;
  }

  /**
   * Deletes {@code count} keys; keys that are not in the map are skipped. Returns how many were
   * deleted.
   */
  public int delete(byte[] keys, int count) {
    int deleted = 0;
    int from = 0;
    while (!perEntry && from < count) {
      byte[] rest = from == 0 ? keys : Arrays.copyOfRange(keys, from * keySize, count * keySize);
      BatchWrite w = kernel.mapDeleteBatch(fd, rest, count - from);
      deleted += w.done();
      done += w.done();
      if (w.ok()) {
        return deleted;
      }
      if (w.errno() == Errno.ENOENT) {
        // The kernel stops at a missing key; step over it and go on with the rest.
        from += w.done() + 1;
        done++;
        continue;
      }
      if (!refused(w)) {
        throw failed("delete from map " + name, w.errno(), done, DELETE_INVALID);
      }
      from += w.done();
      perEntry = true;
    }
    for (int i = from; i < count; i++) {
      try {
        if (kernel.mapDelete(fd, Arrays.copyOfRange(keys, i * keySize, (i + 1) * keySize))) {
          deleted++;
        }
        done++;
      } catch (SyscallException e) {
        throw failed("delete from map " + name, e.errno(), done, DELETE_INVALID);
      }
    }
    return deleted;
  }

  private static final String UPDATE_INVALID =
      "the flags are wrong for this map (arrays accept only ANY and EXIST) or a key is out of"
          + " range";
  private static final String DELETE_INVALID = "this map kind does not support delete";

  /** The kernel has no batch of this kind for the map (or none at all): go entry by entry. */
  private static boolean refused(BatchWrite w) {
    return w.done() == 0
        && (w.errno() == Errno.EINVAL
            || w.errno() == Errno.ENOTSUPP
            || w.errno() == Errno.EOPNOTSUPP);
  }

  private static BatchFailedException failed(String what, int errno, int total, String invalid) {
    SyscallException cause = new SyscallException("bpf(" + what + ")", errno);
    return new BatchFailedException(
        errno, total, Errors.of(cause, what, invalid).getMessage(), cause);
  }
}
