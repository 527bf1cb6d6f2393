package io.bpf4j.runtime.fake;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A map of the fake kernel with the kernel's semantics for user-space access to arrays (ARRAY,
 * PERCPU_ARRAY, PROG_ARRAY: fixed keys 0..max-1, no delete) and hashes (HASH, PERCPU_HASH and the
 * LRU kinds: bounded, flags checked), and maps of maps (values are the held maps' ids, stored by
 * {@link FakeKernel#mapUpdate} from fds; an ARRAY_OF_MAPS has every index as a key, but an empty
 * slot reads as absent and may be deleted). Per-CPU values are {@code cpus} slots of the value size
 * rounded up to 8 bytes, as user space sees them.
 */
public final class FakeMap extends KernelObject {
  static final long ANY = 0;
  static final long NOEXIST = 1;
  static final long EXIST = 2;

  /** A key by content. */
  record Key(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }

  private final Kernel.MapCreate create;
  private final MapType type;
  private final int btfId;
  private final int userValueSize;
  private final Map<Key, byte[]> entries = new LinkedHashMap<>();
  private boolean frozen;

  /** For a map of maps: the shape of the template it was created with. */
  private Kernel.MapInfo innerTemplate;

  FakeMap(int id, Kernel.MapCreate create, int btfId, int cpus) {
    super(id, "bpf-map");
    this.create = create;
    this.type = MapType.of(create.type());
    this.btfId = btfId;
    this.userValueSize =
        type.perCpu() ? (create.valueSize() + 7) / 8 * 8 * cpus : create.valueSize();
  }

  public Kernel.MapCreate create() {
    return create;
  }

  public MapType type() {
    return type;
  }

  public String name() {
    return create.name();
  }

  public boolean frozen() {
    return frozen;
  }

  /** For a map of maps, the shape of the template passed as {@code inner_map_fd}; else null. */
  public Kernel.MapInfo innerTemplate() {
    return innerTemplate;
  }

  void innerTemplate(Kernel.MapInfo template) {
    this.innerTemplate = template;
  }

  boolean holdsMaps() {
    return type == MapType.ARRAY_OF_MAPS || type == MapType.HASH_OF_MAPS;
  }

  void freeze() {
    frozen = true;
  }

  /** The value bytes stored under {@code key} (user-space layout), or null. */
  public byte[] value(byte[] key) {
    if (type == MapType.ARRAY_OF_MAPS) {
      byte[] v = entries.get(new Key(key));
      return v == null ? null : v.clone();
    }
    if (isArray()) {
      int index = index(key);
      if (index >= create.maxEntries()) {
        return null;
      }
      byte[] v = entries.get(new Key(key));
      return v == null ? new byte[userValueSize] : v.clone();
    }
    byte[] v = entries.get(new Key(key));
    return v == null ? null : v.clone();
  }

  /** How many entries a hash holds (arrays: how many were written). */
  public int size() {
    return entries.size();
  }

  Kernel.MapInfo info() {
    int flags = create.flags();
    boolean btf = create.btf() != null;
    return new Kernel.MapInfo(
        create.type(),
        id(),
        create.keySize(),
        create.valueSize(),
        create.maxEntries(),
        flags,
        create.name(),
        btf ? btfId : 0,
        btf ? create.btfKeyTypeId() : 0,
        btf ? create.btfValueTypeId() : 0);
  }

  private boolean isArray() {
    return type.arrayLike();
  }

  private static int index(byte[] key) {
    return ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  private void checkKey(byte[] key) {
    if (key.length != create.keySize()) {
      throw new IllegalStateException(
          "the runtime passed a " + key.length + "-byte key to a map of " + create.keySize());
    }
  }

  byte[] lookup(byte[] key, int valueSize) throws SyscallException {
    checkKey(key);
    if (valueSize != userValueSize) {
      throw new IllegalStateException(
          "the runtime reads " + valueSize + " value bytes from a map of " + userValueSize);
    }
    return value(key);
  }

  void update(byte[] key, byte[] value, long flags, boolean fromUser) throws SyscallException {
    checkKey(key);
    if (value.length != userValueSize) {
      throw new IllegalStateException(
          "the runtime wrote " + value.length + " value bytes to a map of " + userValueSize);
    }
    if (flags > EXIST) {
      throw new SyscallException("bpf(MAP_UPDATE_ELEM)", Errno.EINVAL);
    }
    if (frozen && fromUser) {
      throw new SyscallException("bpf(MAP_UPDATE_ELEM)", Errno.EPERM);
    }
    Key k = new Key(key.clone());
    if (type == MapType.ARRAY_OF_MAPS) {
      if (flags != ANY) {
        throw new SyscallException("bpf(MAP_UPDATE_ELEM)", Errno.EINVAL);
      }
      if (index(key) < 0 || index(key) >= create.maxEntries()) {
        throw new SyscallException("bpf(MAP_UPDATE_ELEM)", Errno.E2BIG);
      }
      entries.put(k, value.clone());
      return;
    }
    if (isArray()) {
      if (index(key) < 0 || index(key) >= create.maxEntries()) {
        throw new SyscallException("bpf(MAP_UPDATE_ELEM)", Errno.E2BIG);
      }
      if (flags == NOEXIST) {
        throw new SyscallException("bpf(MAP_UPDATE_ELEM)", Errno.EEXIST);
      }
      entries.put(k, value.clone());
      return;
    }
    boolean exists = entries.containsKey(k);
    if (exists && flags == NOEXIST) {
      throw new SyscallException("bpf(MAP_UPDATE_ELEM)", Errno.EEXIST);
    }
    if (!exists && flags == EXIST) {
      throw new SyscallException("bpf(MAP_UPDATE_ELEM)", Errno.ENOENT);
    }
    if (!exists && entries.size() >= create.maxEntries()) {
      if (type == MapType.LRU_HASH || type == MapType.LRU_PERCPU_HASH) {
        Iterator<Key> oldest = entries.keySet().iterator();
        oldest.next();
        oldest.remove();
      } else {
        throw new SyscallException("bpf(MAP_UPDATE_ELEM)", Errno.E2BIG);
      }
    }
    entries.put(k, value.clone());
  }

  boolean delete(byte[] key) throws SyscallException {
    checkKey(key);
    if (type == MapType.PROG_ARRAY || type == MapType.ARRAY_OF_MAPS) {
      return entries.remove(new Key(key)) != null;
    }
    if (isArray()) {
      throw new SyscallException("bpf(MAP_DELETE_ELEM)", Errno.EINVAL);
    }
    return entries.remove(new Key(key)) != null;
  }

  byte[] nextKey(byte[] key) {
    if (isArray() || type == MapType.ARRAY_OF_MAPS) {
      int next = key == null || index(key) >= create.maxEntries() ? 0 : index(key) + 1;
      if (next >= create.maxEntries()) {
        return null;
      }
      return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(next).array();
    }
    List<Key> keys = new ArrayList<>(entries.keySet());
    int at = key == null ? -1 : keys.indexOf(new Key(key));
    // A key that is gone restarts the walk at the first key, as the kernel's hash does.
    int next = at < 0 ? 0 : at + 1;
    return next < keys.size() ? keys.get(next).bytes().clone() : null;
  }

  /** Every entry in iteration order (arrays: every index). */
  List<Map.Entry<byte[], byte[]>> snapshot() {
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
    byte[] k = nextKey(null);
    while (k != null) {
      out.add(Map.entry(k, value(k)));
      k = nextKey(k);
    }
    return out;
  }

  int keySize() {
    return create.keySize();
  }

  int userValueSize() {
    return userValueSize;
  }

  // ---- QUEUE and STACK: values without keys, oldest first

  private final java.util.ArrayDeque<byte[]> queued = new java.util.ArrayDeque<>();

  private boolean queueOrStack() {
    return type == MapType.QUEUE || type == MapType.STACK;
  }

  void push(byte[] value, long flags) throws SyscallException {
    if (!queueOrStack()) {
      throw new SyscallException("bpf(MAP_UPDATE_ELEM)", Errno.EINVAL);
    }
    if (value.length != userValueSize) {
      throw new IllegalStateException(
          "the runtime wrote " + value.length + " value bytes to a map of " + userValueSize);
    }
    if (flags != ANY && flags != EXIST) {
      throw new SyscallException("bpf(MAP_UPDATE_ELEM)", Errno.EINVAL);
    }
    if (queued.size() >= create.maxEntries()) {
      if (flags != EXIST) {
        throw new SyscallException("bpf(MAP_UPDATE_ELEM)", Errno.E2BIG);
      }
      queued.removeFirst();
    }
    queued.addLast(value.clone());
  }

  /** The next value (oldest of a queue, newest of a stack), removed when {@code remove}. */
  byte[] pop(int valueSize, boolean remove) throws SyscallException {
    if (!queueOrStack()) {
      throw new SyscallException("bpf(MAP_LOOKUP_ELEM)", Errno.EINVAL);
    }
    if (valueSize != userValueSize) {
      throw new IllegalStateException(
          "the runtime reads " + valueSize + " value bytes from a map of " + userValueSize);
    }
    if (queued.isEmpty()) {
      return null;
    }
    boolean lifo = type == MapType.STACK;
    byte[] v =
        remove
            ? (lifo ? queued.removeLast() : queued.removeFirst())
            : (lifo ? queued.peekLast() : queued.peekFirst());
    return v.clone();
  }
}
