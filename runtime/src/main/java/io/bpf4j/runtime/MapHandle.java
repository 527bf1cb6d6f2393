package io.bpf4j.runtime;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfReader;
import io.bpf4j.runtime.maps.Codec;
import io.bpf4j.runtime.maps.Codecs;
import io.bpf4j.runtime.maps.PossibleCpus;
import io.bpf4j.runtime.maps.Snapshot;
import io.bpf4j.runtime.sys.BpfSys;
import io.bpf4j.runtime.sys.Errno;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Syscalls.SyscallException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A map seen from user space, with keys and values decoded to Java objects. Per-CPU maps hold one
 * value per possible CPU: read them with {@link #getPerCpu} and {@link #entriesPerCpu}.
 *
 * @param <K> Integer, Long or a {@code @Struct} class
 * @param <V> Integer, Long or a {@code @Struct} class
 */
public final class MapHandle<K, V> implements AutoCloseable {
  static final int TYPE_HASH = 1;
  static final int TYPE_ARRAY = 2;
  static final int TYPE_PROG_ARRAY = 3;
  static final int TYPE_PERCPU_HASH = 5;
  static final int TYPE_PERCPU_ARRAY = 6;
  static final int TYPE_LRU_HASH = 9;
  static final int TYPE_LRU_PERCPU_HASH = 10;
  static final int TYPE_RINGBUF = 27;

  private final String name;
  private final Fd fd;
  private final boolean ownsFd;
  private final BpfSys.MapInfo info;
  private final Codec<K> keys;
  private final Codec<V> values;
  private final int cpus;
  private final int slotSize;

  MapHandle(
      String name,
      Fd fd,
      boolean ownsFd,
      BpfSys.MapInfo info,
      Btf btf,
      Class<K> keyType,
      Class<V> valueType) {
    if (info.type() == TYPE_PROG_ARRAY) {
      throw new BpfException(0, "map " + name + " is a prog array; use ProgArrayHandle for it");
    }
    if (info.type() == TYPE_RINGBUF) {
      throw new BpfException(0, "map " + name + " is a ring buffer, which has no keys to read");
    }
    this.name = name;
    this.fd = fd;
    this.ownsFd = ownsFd;
    this.info = info;
    this.keys = Codecs.of(keyType, info.keySize(), btf, info.btfKeyTypeId());
    this.values = Codecs.of(valueType, info.valueSize(), btf, info.btfValueTypeId());
    boolean perCpu =
        info.type() == TYPE_PERCPU_HASH
            || info.type() == TYPE_PERCPU_ARRAY
            || info.type() == TYPE_LRU_PERCPU_HASH;
    this.cpus = perCpu ? PossibleCpus.count() : 1;
    this.slotSize = perCpu ? (info.valueSize() + 7) / 8 * 8 : info.valueSize();
  }

  /**
   * Opens the map pinned at {@code path}, checking that its key and value sizes (and, for a
   * {@code @Struct} value, its BTF field names) match the requested classes.
   */
  public static <K, V> MapHandle<K, V> openPinned(Path path, Class<K> keyType, Class<V> valueType) {
    Fd fd = Pins.open(path, "map", Pins.MAP);
    try {
      BpfSys.MapInfo info = BpfSys.mapInfo(fd);
      Btf btf = info.btfId() == 0 ? null : kernelBtf(info.btfId());
      return new MapHandle<>(
          path.getFileName().toString(), fd, true, info, btf, keyType, valueType);
    } catch (SyscallException e) {
      fd.close();
      throw Errors.of(e, "reading the map pinned at " + path, path + " is not a map");
    } catch (RuntimeException e) {
      fd.close();
      throw e;
    }
  }

  private static Btf kernelBtf(int id) throws SyscallException {
    try (Fd btf = BpfSys.btfById(id)) {
      return BtfReader.read(BpfSys.btfBytes(btf)).btf();
    }
  }

  public String name() {
    return name;
  }

  public int fd() {
    return fd.get();
  }

  public int maxEntries() {
    return info.maxEntries();
  }

  /** The value under {@code key}, or null when there is none. */
  public V get(K key) {
    requireSingleValue();
    byte[] v = lookup(key);
    return v == null ? null : values.decode(v, 0);
  }

  /** The per-CPU values under {@code key}, one per possible CPU, or null when there is none. */
  public List<V> getPerCpu(K key) {
    byte[] v = lookup(key);
    return v == null ? null : perCpu(v, 0);
  }

  private byte[] lookup(K key) {
    try {
      return BpfSys.lookup(fd, keys.encode(key), slotSize * cpus);
    } catch (SyscallException e) {
      throw Errors.of(e, "lookup in map " + name);
    }
  }

  public void put(K key, V value) {
    put(key, value, 0);
  }

  /**
   * Stores {@code value}; {@code flags} as {@code BpfMap.ANY}, {@code NOEXIST} or {@code EXIST}.
   */
  public void put(K key, V value, long flags) {
    byte[] v = new byte[slotSize * cpus];
    for (int cpu = 0; cpu < cpus; cpu++) {
      values.encode(value, v, cpu * slotSize);
    }
    try {
      BpfSys.update(fd, keys.encode(key), v, flags);
    } catch (SyscallException e) {
      throw Errors.of(
          e,
          "update of map " + name,
          "the flags are wrong for this map (arrays accept only ANY and EXIST) or the key is out"
              + " of range");
    }
  }

  /** Deletes {@code key}; false when it was not there. */
  public boolean delete(K key) {
    try {
      return BpfSys.delete(fd, keys.encode(key));
    } catch (SyscallException e) {
      throw Errors.of(e, "delete from map " + name, "array maps do not support delete");
    }
  }

  /** Every key, in the kernel's iteration order. */
  public List<K> keys() {
    List<K> out = new ArrayList<>();
    try {
      byte[] k = BpfSys.nextKey(fd, null, keys.size());
      while (k != null) {
        out.add(keys.decode(k, 0));
        k = BpfSys.nextKey(fd, k, keys.size());
      }
    } catch (SyscallException e) {
      throw Errors.of(e, "listing keys of map " + name);
    }
    return out;
  }

  /**
   * Every entry, as a read-only snapshot in the kernel's order; read in batches ({@code
   * BPF_MAP_LOOKUP_BATCH}, kernel 5.6+) where the map kind allows, else key by key. Entries that
   * programs change during the read may or may not show the change.
   */
  public Map<K, V> entries() {
    requireSingleValue();
    Snapshot<K, V> out = new Snapshot<>();
    readAll((k, koff, v, voff) -> out.add(keys.decode(k, koff), values.decode(v, voff)));
    return out;
  }

  /** Every entry of a per-CPU map, one value per possible CPU. */
  public Map<K, List<V>> entriesPerCpu() {
    Snapshot<K, List<V>> out = new Snapshot<>();
    readAll((k, koff, v, voff) -> out.add(keys.decode(k, koff), perCpu(v, voff)));
    return out;
  }

  private List<V> perCpu(byte[] v, int offset) {
    List<V> out = new ArrayList<>(cpus);
    for (int cpu = 0; cpu < cpus; cpu++) {
      out.add(values.decode(v, offset + cpu * slotSize));
    }
    return out;
  }

  private interface EntrySink {
    void accept(byte[] keys, int keyOffset, byte[] values, int valueOffset);
  }

  private void readAll(EntrySink sink) {
    try {
      if (supportsBatch() && readBatched(sink)) {
        return;
      }
      byte[] k = BpfSys.nextKey(fd, null, keys.size());
      while (k != null) {
        byte[] v = BpfSys.lookup(fd, k, slotSize * cpus);
        if (v != null) {
          sink.accept(k, 0, v, 0);
        }
        k = BpfSys.nextKey(fd, k, keys.size());
      }
    } catch (SyscallException e) {
      throw Errors.of(e, "reading entries of map " + name);
    }
  }

  private boolean supportsBatch() {
    int t = info.type();
    return t == TYPE_HASH
        || t == TYPE_ARRAY
        || t == TYPE_PERCPU_HASH
        || t == TYPE_PERCPU_ARRAY
        || t == TYPE_LRU_HASH
        || t == TYPE_LRU_PERCPU_HASH;
  }

  /** Reads everything with batch lookups; false when the kernel refuses batches for this map. */
  private boolean readBatched(EntrySink sink) throws SyscallException {
    int valueBytes = slotSize * cpus;
    int entrySize = keys.size() + valueBytes;
    int max = Math.max(64, Math.min(65536, (4 << 20) / entrySize));
    max = Math.min(max, Math.max(1, info.maxEntries()));
    BpfSys.BatchReader reader = new BpfSys.BatchReader(fd, keys.size(), valueBytes, max);
    byte[] keyBytes = new byte[0];
    byte[] valueBytesOut = new byte[0];
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
      if (keyBytes.length < reader.capacity() * keys.size()) {
        keyBytes = new byte[reader.capacity() * keys.size()];
        valueBytesOut = new byte[reader.capacity() * valueBytes];
      }
      reader.keys(keyBytes);
      reader.values(valueBytesOut);
      for (int i = 0; i < reader.count(); i++) {
        sink.accept(keyBytes, i * keys.size(), valueBytesOut, i * valueBytes);
      }
    }
  }

  private void requireSingleValue() {
    if (cpus > 1) {
      throw new IllegalStateException("map " + name + " is per-CPU: use getPerCpu/entriesPerCpu");
    }
  }

  /** Pins the map at {@code path} on a bpffs. */
  public void pin(Path path) {
    Pins.pin(fd, path, "map " + name);
  }

  @Override
  public void close() {
    if (ownsFd) {
      fd.close();
    }
  }
}
