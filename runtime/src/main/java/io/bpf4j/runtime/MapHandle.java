package io.bpf4j.runtime;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfReader;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.maps.Codec;
import io.bpf4j.runtime.maps.Codecs;
import io.bpf4j.runtime.maps.EntryReader;
import io.bpf4j.runtime.maps.EntryWriter;
import io.bpf4j.runtime.maps.Snapshot;
import io.bpf4j.runtime.pins.Pins;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A map seen from user space, with keys and values decoded to Java objects. Per-CPU maps hold one
 * value per possible CPU: read them with {@link #getPerCpu} and {@link #entriesPerCpu}.
 *
 * @param <K> Integer, Long or a {@code @Struct} class
 * @param <V> Integer, Long or a {@code @Struct} class
 */
public final class MapHandle<K, V> implements AutoCloseable {
  private final Kernel kernel;
  private final String name;
  private final Fd fd;
  private final boolean ownsFd;
  private final Kernel.MapInfo info;
  private final Codec<K> keys;
  private final Codec<V> values;
  private final int cpus;
  private final int slotSize;
  private final TypeCheck typeCheck;

  /** How the key and value classes were checked against the map when the handle was made. */
  public enum TypeCheck {
    /**
     * Against the map's BTF types: kind (integer or struct), and for a struct every member's name,
     * offset and size. A same-size class of another shape is refused.
     */
    BTF,
    /**
     * By size only, because the map has no BTF key or value type (it was created without BTF, as by
     * {@code bpftool map create} or older loaders): a class of the right size is accepted whatever
     * it means, as libbpf's {@code bpf_map__lookup_elem} does.
     */
    SIZE_ONLY
  }

  MapHandle(
      Kernel kernel,
      String name,
      Fd fd,
      boolean ownsFd,
      Kernel.MapInfo info,
      Btf btf,
      Class<K> keyType,
      Class<V> valueType) {
    MapType type = MapType.of(info.type());
    if (type == MapType.PROG_ARRAY) {
      throw new BpfException(0, "map " + name + " is a prog array; use ProgArrayHandle for it");
    }
    if (type.holdsMaps()) {
      throw new BpfException(
          0,
          "map "
              + name
              + " is a map of maps ("
              + type
              + "); its values are maps: use MapOfMapsHandle (BpfObject.mapOfMaps,"
              + " MapOfMapsHandle.openPinned)");
    }
    if (type == MapType.RINGBUF) {
      throw new BpfException(0, "map " + name + " is a ring buffer, which has no keys to read");
    }
    this.kernel = kernel;
    this.name = name;
    this.fd = fd;
    this.ownsFd = ownsFd;
    fd.describe("map " + name);
    this.info = info;
    this.keys = Codecs.of(keyType, info.keySize(), btf, info.btfKeyTypeId(), "key");
    this.values = Codecs.of(valueType, info.valueSize(), btf, info.btfValueTypeId(), "value");
    this.typeCheck =
        btf != null && info.btfKeyTypeId() != 0 && info.btfValueTypeId() != 0
            ? TypeCheck.BTF
            : TypeCheck.SIZE_ONLY;
    boolean perCpu = type.perCpu();
    this.cpus = perCpu ? kernel.possibleCpus() : 1;
    // The kernel copies each CPU's value into an 8-byte aligned slot.
    this.slotSize = perCpu ? (info.valueSize() + 7) / 8 * 8 : info.valueSize();
  }

  /**
   * Opens the map pinned at {@code path}, checking that the requested classes describe its keys and
   * values: when the map has BTF, by type ({@code Integer}/{@code Long} need an integer, a
   * {@code @Struct} class a struct with members of its fields' names and sizes), else by size only
   * (see {@link #typeCheck()}). A mismatch is a {@link BpfException}, never a silent misread.
   */
  public static <K, V> MapHandle<K, V> openPinned(Path path, Class<K> keyType, Class<V> valueType) {
    return openPinned(SystemKernel.get(), path, keyType, valueType);
  }

  static <K, V> MapHandle<K, V> openPinned(
      Kernel kernel, Path path, Class<K> keyType, Class<V> valueType) {
    Fd fd = new Pins(kernel).open(path, "map", Pins.MAP);
    try {
      Kernel.MapInfo info = kernel.mapInfo(fd);
      Btf btf = info.btfId() == 0 ? null : kernelBtf(kernel, info.btfId());
      return new MapHandle<>(
          kernel, path.getFileName().toString(), fd, true, info, btf, keyType, valueType);
    } catch (SyscallException e) {
      fd.close();
      throw Errors.of(e, "reading the map pinned at " + path, path + " is not a map");
    } catch (RuntimeException e) {
      fd.close();
      throw e;
    }
  }

  /** The kernel's BTF object {@code id}, as a map pinned by another process refers to it. */
  static Btf kernelBtf(Kernel kernel, int id) throws SyscallException {
    try (Fd btf = kernel.btfById(id)) {
      return BtfReader.read(kernel.btfBytes(btf)).btf();
    }
  }

  /**
   * The number of possible CPUs of this machine: how many values a per-CPU map holds per key, and
   * the length of every list {@link #getPerCpu} returns.
   */
  public static int possibleCpus() {
    return SystemKernel.get().possibleCpus();
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

  /** The counted fd, for a map of maps that stores this map ({@link MapOfMapsHandle#put}). */
  Fd fdHandle() {
    return fd;
  }

  /**
   * How the key and value classes were checked: {@link TypeCheck#BTF} when the map carries BTF key
   * and value types, else {@link TypeCheck#SIZE_ONLY}, where a wrong class of the right size goes
   * unnoticed.
   */
  public TypeCheck typeCheck() {
    return typeCheck;
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
      return kernel.mapLookup(fd, keys.encode(key), slotSize * cpus);
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
      kernel.mapUpdate(fd, keys.encode(key), v, flags);
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
      return kernel.mapDelete(fd, keys.encode(key));
    } catch (SyscallException e) {
      throw Errors.of(e, "delete from map " + name, "array maps do not support delete");
    }
  }

  /** Every key, in the kernel's iteration order. */
  public List<K> keys() {
    List<K> out = new ArrayList<>();
    try {
      byte[] k = kernel.mapNextKey(fd, null, keys.size());
      while (k != null) {
        out.add(keys.decode(k, 0));
        k = kernel.mapNextKey(fd, k, keys.size());
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
    forEachBatch(
        batch -> {
          for (int i = 0; i < batch.size(); i++) {
            out.add(batch.key(i), batch.value(i));
          }
        });
    return out;
  }

  /** Every entry of a per-CPU map, one value per possible CPU. */
  public Map<K, List<V>> entriesPerCpu() {
    Snapshot<K, List<V>> out = new Snapshot<>();
    forEachBatch(
        batch -> {
          for (int i = 0; i < batch.size(); i++) {
            out.add(batch.key(i), batch.valuesPerCpu(i));
          }
        });
    return out;
  }

  /**
   * Entries as the kernel hands them out in one batch: their bytes are read, and a key or value is
   * decoded only when asked for. Valid only inside the {@link #forEachBatch} call that passed it.
   */
  public interface Batch<K, V> {
    /** Entries in this batch. */
    int size();

    K key(int index);

    /** The value of a map with one value per key. */
    V value(int index);

    /** The values of a per-CPU map, one per possible CPU. */
    List<V> valuesPerCpu(int index);
  }

  /**
   * Reads every entry, batch after batch, as {@link #entries()} does, and passes each batch to
   * {@code consumer}: for callers that would rather not build a map of a large table, or that
   * decode only some of it.
   */
  public void forEachBatch(Consumer<Batch<K, V>> consumer) {
    int valueBytes = slotSize * cpus;
    entryReader()
        .read(
            (keyBytes, valueBytesIn, count) ->
                consumer.accept(
                    new Batch<>() {
                      @Override
                      public int size() {
                        return count;
                      }

                      @Override
                      public K key(int index) {
                        return keys.decode(keyBytes, index * keys.size());
                      }

                      @Override
                      public V value(int index) {
                        requireSingleValue();
                        return values.decode(valueBytesIn, index * valueBytes);
                      }

                      @Override
                      public List<V> valuesPerCpu(int index) {
                        return perCpu(valueBytesIn, index * valueBytes);
                      }
                    }));
  }

  /**
   * Stores every entry of {@code entries} (flags {@code BpfMap.ANY}), in batches of {@code
   * BPF_MAP_UPDATE_BATCH} (kernel 5.6+) where the kernel allows, else one update per entry. A
   * per-CPU map gets each value on every CPU, as {@link #put} does. When the kernel refuses an
   * entry, a {@link BatchFailedException} says how many entries (in {@code entries}' iteration
   * order) were stored before it.
   */
  public void putAll(Map<? extends K, ? extends V> entries) {
    putAll(entries, 0);
  }

  /**
   * As {@link #putAll(Map)}, with {@code flags} {@code BpfMap.ANY}, {@code NOEXIST} or {@code
   * EXIST}.
   */
  public void putAll(Map<? extends K, ? extends V> entries, long flags) {
    int valueBytes = slotSize * cpus;
    EntryWriter writer = new EntryWriter(kernel, fd, name, keys.size(), valueBytes);
    int chunk = Math.min(writer.chunkSize(info.maxEntries()), Math.max(1, entries.size()));
    byte[] k = new byte[chunk * keys.size()];
    byte[] v = new byte[chunk * valueBytes];
    int n = 0;
    for (Map.Entry<? extends K, ? extends V> e : entries.entrySet()) {
      keys.encode(e.getKey(), k, n * keys.size());
      for (int cpu = 0; cpu < cpus; cpu++) {
        values.encode(e.getValue(), v, n * valueBytes + cpu * slotSize);
      }
      if (++n == chunk) {
        writer.update(k, v, n, flags);
        n = 0;
      }
    }
    if (n > 0) {
      writer.update(k, v, n, flags);
    }
  }

  /**
   * Deletes every key of {@code keysToDelete}, in batches of {@code BPF_MAP_DELETE_BATCH} (kernel
   * 5.6+) where the kernel allows, else one delete per key; keys not in the map are skipped.
   * Returns how many were deleted. Array maps cannot delete: they refuse with a {@link
   * BpfException}.
   */
  public int deleteAll(Collection<? extends K> keysToDelete) {
    requireDeletable("deleteAll");
    EntryWriter writer = new EntryWriter(kernel, fd, name, keys.size(), slotSize * cpus);
    int chunk = Math.min(writer.chunkSize(info.maxEntries()), Math.max(1, keysToDelete.size()));
    byte[] k = new byte[chunk * keys.size()];
    int n = 0;
    int deleted = 0;
    for (K key : keysToDelete) {
      keys.encode(key, k, n * keys.size());
      if (++n == chunk) {
        deleted += writer.delete(k, n);
        n = 0;
      }
    }
    if (n > 0) {
      deleted += writer.delete(k, n);
    }
    return deleted;
  }

  /**
   * Takes every entry out of the map and returns them, in the kernel's order: in batches of {@code
   * BPF_MAP_LOOKUP_AND_DELETE_BATCH} (kernel 5.6+) where the kernel allows, else by looking up and
   * deleting one key at a time. Entries programs add meanwhile may be taken too or left. Array maps
   * cannot delete: they refuse with a {@link BpfException}.
   */
  public Map<K, V> drainAll() {
    requireSingleValue();
    requireDeletable("drainAll");
    Snapshot<K, V> out = new Snapshot<>();
    int valueBytes = slotSize * cpus;
    entryReader()
        .drain(
            (k, v, count) -> {
              for (int i = 0; i < count; i++) {
                out.add(keys.decode(k, i * keys.size()), values.decode(v, i * valueBytes));
              }
            });
    return out;
  }

  /** As {@link #drainAll()} for a per-CPU map: each key's values, one per possible CPU. */
  public Map<K, List<V>> drainAllPerCpu() {
    requireDeletable("drainAllPerCpu");
    Snapshot<K, List<V>> out = new Snapshot<>();
    int valueBytes = slotSize * cpus;
    entryReader()
        .drain(
            (k, v, count) -> {
              for (int i = 0; i < count; i++) {
                out.add(keys.decode(k, i * keys.size()), perCpu(v, i * valueBytes));
              }
            });
    return out;
  }

  private EntryReader entryReader() {
    return new EntryReader(
        kernel, fd, name, MapType.of(info.type()), keys.size(), slotSize * cpus, info.maxEntries());
  }

  /** Array kinds keep an entry for every index: the kernel refuses deleting from them. */
  private void requireDeletable(String operation) {
    MapType type = MapType.of(info.type());
    if (type == MapType.ARRAY || type == MapType.PERCPU_ARRAY) {
      throw new BpfException(
          Errno.EINVAL,
          "map "
              + name
              + " is an array: the kernel keeps an entry at every index and refuses to delete"
              + " (EINVAL), so "
              + operation
              + " cannot work; overwrite values with putAll instead");
    }
  }

  private List<V> perCpu(byte[] v, int offset) {
    List<V> out = new ArrayList<>(cpus);
    for (int cpu = 0; cpu < cpus; cpu++) {
      out.add(values.decode(v, offset + cpu * slotSize));
    }
    return out;
  }

  private void requireSingleValue() {
    if (cpus > 1) {
      throw new IllegalStateException("map " + name + " is per-CPU: use getPerCpu/entriesPerCpu");
    }
  }

  /** Pins the map at {@code path} on a bpffs. */
  public void pin(Path path) {
    new Pins(kernel).pin(fd, path, "map " + name);
  }

  @Override
  public void close() {
    if (ownsFd) {
      fd.close();
    }
  }
}
