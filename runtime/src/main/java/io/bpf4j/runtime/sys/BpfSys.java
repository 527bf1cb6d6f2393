package io.bpf4j.runtime.sys;

import io.bpf4j.runtime.sys.Syscalls.SyscallException;

/**
 * Typed {@code bpf(2)} commands, each laying out its part of {@code union bpf_attr} as
 * include/uapi/linux/bpf.h does. The only place that knows attribute offsets.
 */
public final class BpfSys {
  private BpfSys() {}

  /** {@code BPF_F_RDONLY_PROG}: BPF programs may only read the map (for {@code .rodata}). */
  public static final int F_RDONLY_PROG = 1 << 7;

  /** What {@code BPF_MAP_CREATE} needs. */
  public record MapCreate(
      int type,
      int keySize,
      int valueSize,
      int maxEntries,
      int flags,
      String name,
      Fd btf,
      int btfKeyTypeId,
      int btfValueTypeId) {}

  public static Fd mapCreate(MapCreate m) throws SyscallException {
    Attr a =
        new Attr(72)
            .u32(0, m.type())
            .u32(4, m.keySize())
            .u32(8, m.valueSize())
            .u32(12, m.maxEntries())
            .u32(16, m.flags())
            .name(28, m.name(), 16);
    if (m.btf() != null && (m.btfKeyTypeId() != 0 || m.btfValueTypeId() != 0)) {
      a.u32(48, m.btf().get()).u32(52, m.btfKeyTypeId()).u32(56, m.btfValueTypeId());
    }
    return Syscalls.bpfFd(BpfCommand.MAP_CREATE, a);
  }

  /** The value stored under {@code key}, or null when there is none. */
  public static byte[] lookup(Fd map, byte[] key, int valueSize) throws SyscallException {
    NativeBuffer k = NativeBuffer.of(key);
    NativeBuffer v = new NativeBuffer(valueSize);
    Attr a = new Attr(32).u32(0, map.get()).pointer(8, k).pointer(16, v);
    try {
      Syscalls.bpf(BpfCommand.MAP_LOOKUP_ELEM, a);
    } catch (SyscallException e) {
      if (e.errno() == Errno.ENOENT) {
        return null;
      }
      throw e;
    }
    return v.bytes();
  }

  public static void update(Fd map, byte[] key, byte[] value, long flags) throws SyscallException {
    Attr a =
        new Attr(32)
            .u32(0, map.get())
            .pointer(8, NativeBuffer.of(key))
            .pointer(16, NativeBuffer.of(value))
            .u64(24, flags);
    Syscalls.bpf(BpfCommand.MAP_UPDATE_ELEM, a);
  }

  /** Deletes {@code key}; false when it was not there. */
  public static boolean delete(Fd map, byte[] key) throws SyscallException {
    Attr a = new Attr(32).u32(0, map.get()).pointer(8, NativeBuffer.of(key));
    try {
      Syscalls.bpf(BpfCommand.MAP_DELETE_ELEM, a);
      return true;
    } catch (SyscallException e) {
      if (e.errno() == Errno.ENOENT) {
        return false;
      }
      throw e;
    }
  }

  /** The key after {@code key} (the first key when null), or null at the end. */
  public static byte[] nextKey(Fd map, byte[] key, int keySize) throws SyscallException {
    NativeBuffer next = new NativeBuffer(keySize);
    Attr a = new Attr(32).u32(0, map.get()).pointer(16, next);
    if (key != null) {
      a.pointer(8, NativeBuffer.of(key));
    }
    try {
      Syscalls.bpf(BpfCommand.MAP_GET_NEXT_KEY, a);
    } catch (SyscallException e) {
      if (e.errno() == Errno.ENOENT) {
        return null;
      }
      throw e;
    }
    return next.bytes();
  }

  /**
   * Reads a map with {@code BPF_MAP_LOOKUP_BATCH} (kernel 5.6+), batch after batch, through native
   * buffers allocated once. The batch token is opaque; its size must be at least the key size.
   */
  public static final class BatchReader {
    private final Fd map;
    private final int keySize;
    private final int valueSize;
    private int max;
    private NativeBuffer keys;
    private NativeBuffer values;
    private final NativeBuffer inBatch;
    private final NativeBuffer outBatch;
    private boolean started;
    private boolean done;
    private int count;

    public BatchReader(Fd map, int keySize, int valueSize, int max) {
      this.map = map;
      this.keySize = keySize;
      this.valueSize = valueSize;
      int token = Math.max(8, keySize);
      this.inBatch = new NativeBuffer(token);
      this.outBatch = new NativeBuffer(token);
      resize(max);
    }

    private void resize(int newMax) {
      max = newMax;
      keys = new NativeBuffer(keySize * max);
      values = new NativeBuffer(valueSize * max);
    }

    /**
     * Reads the next batch; false when the map was exhausted before. Grows the batch when a hash
     * bucket holds more entries than fit (ENOSPC).
     */
    public boolean next() throws SyscallException {
      if (done) {
        return false;
      }
      while (true) {
        Attr a =
            new Attr(56)
                .pointer(8, outBatch)
                .pointer(16, keys)
                .pointer(24, values)
                .u32(32, max)
                .u32(36, map.get());
        if (started) {
          a.pointer(0, inBatch);
        }
        try {
          Syscalls.bpf(BpfCommand.MAP_LOOKUP_BATCH, a);
        } catch (SyscallException e) {
          if (e.errno() == Errno.ENOSPC && max < (1 << 22)) {
            resize(max * 4);
            continue;
          }
          if (e.errno() != Errno.ENOENT) {
            throw e;
          }
          done = true;
        }
        count = a.getU32(32);
        inBatch.put(0, outBatch.bytes());
        started = true;
        return count > 0 || !done;
      }
    }

    /** Entries in the last batch. */
    public int count() {
      return count;
    }

    /** Copies the last batch's keys into {@code out} (at least count × key size bytes). */
    public void keys(byte[] out) {
      keys.get(0, out, count * keySize);
    }

    /** Copies the last batch's values into {@code out}. */
    public void values(byte[] out) {
      values.get(0, out, count * valueSize);
    }

    public int capacity() {
      return max;
    }
  }

  public static void freeze(Fd map) throws SyscallException {
    Syscalls.bpf(BpfCommand.MAP_FREEZE, new Attr(8).u32(0, map.get()));
  }

  /** What {@code BPF_PROG_LOAD} needs. */
  public record ProgLoad(
      int type,
      int expectedAttachType,
      String name,
      byte[] instructions,
      String license,
      Fd btf,
      byte[] funcInfo,
      int funcInfoCount,
      byte[] lineInfo,
      int lineInfoCount,
      int flags) {}

  /** Loads a program; with a non-null {@code log}, the verifier writes into it (log level 1). */
  public static Fd progLoad(ProgLoad p, NativeBuffer log) throws SyscallException {
    NativeBuffer insns = NativeBuffer.of(p.instructions());
    NativeBuffer license = NativeBuffer.cString(p.license());
    Attr a =
        new Attr(144)
            .u32(0, p.type())
            .u32(4, p.instructions().length / 8)
            .pointer(8, insns)
            .pointer(16, license)
            .name(48, p.name(), 16)
            .u32(44, p.flags())
            .u32(68, p.expectedAttachType());
    NativeBuffer funcInfo = null;
    NativeBuffer lineInfo = null;
    if (p.btf() != null) {
      a.u32(72, p.btf().get());
      if (p.funcInfoCount() > 0) {
        funcInfo = NativeBuffer.of(p.funcInfo());
        a.u32(76, 8).pointer(80, funcInfo).u32(88, p.funcInfoCount());
      }
      if (p.lineInfoCount() > 0) {
        lineInfo = NativeBuffer.of(p.lineInfo());
        a.u32(92, 16).pointer(96, lineInfo).u32(104, p.lineInfoCount());
      }
    }
    if (log != null) {
      a.u32(24, 1).u32(28, log.size()).pointer(32, log);
    }
    Fd fd = Syscalls.bpfFd(BpfCommand.PROG_LOAD, a);
    // Keep the buffers reachable until the kernel has read them.
    java.lang.ref.Reference.reachabilityFence(insns);
    java.lang.ref.Reference.reachabilityFence(license);
    java.lang.ref.Reference.reachabilityFence(funcInfo);
    java.lang.ref.Reference.reachabilityFence(lineInfo);
    return fd;
  }

  /** Loads BTF; with a non-null {@code log}, the kernel explains a rejection in it. */
  public static Fd btfLoad(byte[] btf, NativeBuffer log) throws SyscallException {
    NativeBuffer data = NativeBuffer.of(btf);
    Attr a = new Attr(32).pointer(0, data).u32(16, btf.length);
    if (log != null) {
      a.pointer(8, log).u32(20, log.size()).u32(24, 1);
    }
    Fd fd = Syscalls.bpfFd(BpfCommand.BTF_LOAD, a);
    java.lang.ref.Reference.reachabilityFence(data);
    return fd;
  }

  public static void pin(Fd fd, String path) throws SyscallException {
    NativeBuffer p = NativeBuffer.cString(path);
    Syscalls.bpf(BpfCommand.OBJ_PIN, new Attr(24).pointer(0, p).u32(8, fd.get()));
    java.lang.ref.Reference.reachabilityFence(p);
  }

  public static Fd objGet(String path) throws SyscallException {
    NativeBuffer p = NativeBuffer.cString(path);
    Fd fd = Syscalls.bpfFd(BpfCommand.OBJ_GET, new Attr(24).pointer(0, p));
    java.lang.ref.Reference.reachabilityFence(p);
    return fd;
  }

  /** The kernel's {@code struct bpf_map_info} fields the runtime checks. */
  public record MapInfo(
      int type,
      int id,
      int keySize,
      int valueSize,
      int maxEntries,
      int flags,
      String name,
      int btfId,
      int btfKeyTypeId,
      int btfValueTypeId) {}

  public static MapInfo mapInfo(Fd map) throws SyscallException {
    NativeBuffer info = new NativeBuffer(80);
    Attr a = new Attr(16).u32(0, map.get()).u32(4, 80).pointer(8, info);
    Syscalls.bpf(BpfCommand.OBJ_GET_INFO_BY_FD, a);
    byte[] name = info.bytes(24, 16);
    int n = 0;
    while (n < 16 && name[n] != 0) {
      n++;
    }
    return new MapInfo(
        info.getInt(0),
        info.getInt(4),
        info.getInt(8),
        info.getInt(12),
        info.getInt(16),
        info.getInt(20),
        new String(name, 0, n, java.nio.charset.StandardCharsets.US_ASCII),
        info.getInt(64),
        info.getInt(68),
        info.getInt(72));
  }

  /** The kernel id of a map, program or link fd (the second u32 of every info struct). */
  public static int objectId(Fd fd) throws SyscallException {
    NativeBuffer info = new NativeBuffer(8);
    Attr a = new Attr(16).u32(0, fd.get()).u32(4, 8).pointer(8, info);
    Syscalls.bpf(BpfCommand.OBJ_GET_INFO_BY_FD, a);
    return info.getInt(4);
  }

  /** The program type of a program fd ({@code struct bpf_prog_info.type}). */
  public static int progType(Fd prog) throws SyscallException {
    NativeBuffer info = new NativeBuffer(8);
    Attr a = new Attr(16).u32(0, prog.get()).u32(4, 8).pointer(8, info);
    Syscalls.bpf(BpfCommand.OBJ_GET_INFO_BY_FD, a);
    return info.getInt(0);
  }

  /**
   * The kernel's {@code struct bpf_prog_info} of a program fd: sizes, counters and the verifier's
   * processed-instruction count. Reads only the fixed fields; the array fields (instructions, map
   * ids, line info) stay unrequested, so the call copies no arrays.
   */
  public static ProgInfo progInfo(Fd prog) throws SyscallException {
    NativeBuffer info = new NativeBuffer(ProgInfo.SIZE);
    Attr a = new Attr(16).u32(0, prog.get()).u32(4, ProgInfo.SIZE).pointer(8, info);
    Syscalls.bpf(BpfCommand.OBJ_GET_INFO_BY_FD, a);
    return ProgInfo.decode(info.bytes());
  }

  /** An fd for the kernel BTF object {@code id} ({@code BPF_BTF_GET_FD_BY_ID}). */
  public static Fd btfById(int id) throws SyscallException {
    return Syscalls.bpfFd(BpfCommand.BTF_GET_FD_BY_ID, new Attr(16).u32(0, id));
  }

  /** The raw BTF bytes of a BTF object. */
  public static byte[] btfBytes(Fd btf) throws SyscallException {
    NativeBuffer info = new NativeBuffer(32);
    Attr a = new Attr(16).u32(0, btf.get()).u32(4, 32).pointer(8, info);
    Syscalls.bpf(BpfCommand.OBJ_GET_INFO_BY_FD, a);
    int size = info.getInt(8);
    NativeBuffer data = new NativeBuffer(size);
    NativeBuffer info2 = new NativeBuffer(32);
    info2.put(0, longBytes(data.address()));
    info2.putInt(8, size);
    Syscalls.bpf(
        BpfCommand.OBJ_GET_INFO_BY_FD, new Attr(16).u32(0, btf.get()).u32(4, 32).pointer(8, info2));
    return data.bytes();
  }

  private static byte[] longBytes(long v) {
    return java.nio.ByteBuffer.allocate(8)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putLong(v)
        .array();
  }

  /** The result of {@code BPF_PROG_TEST_RUN}. */
  public record TestRun(int retval, int durationNs, byte[] dataOut) {}

  public static TestRun testRun(Fd prog, byte[] data, int repeat) throws SyscallException {
    NativeBuffer in = NativeBuffer.of(data);
    NativeBuffer out = new NativeBuffer(data.length + 256);
    Attr a =
        new Attr(80)
            .u32(0, prog.get())
            .u32(8, data.length)
            .u32(12, out.size())
            .pointer(16, in)
            .pointer(24, out)
            .u32(32, repeat);
    Syscalls.bpf(BpfCommand.PROG_TEST_RUN, a);
    int outSize = Math.min(a.getU32(12), out.size());
    return new TestRun(a.getU32(4), a.getU32(36), out.bytes(0, outSize));
  }

  /** {@code BPF_LINK_CREATE} attaching {@code prog} to interface {@code ifindex}. */
  public static Fd linkCreate(Fd prog, int ifindex, int attachType, int flags)
      throws SyscallException {
    Attr a = new Attr(64).u32(0, prog.get()).u32(4, ifindex).u32(8, attachType).u32(12, flags);
    return Syscalls.bpfFd(BpfCommand.LINK_CREATE, a);
  }
}
