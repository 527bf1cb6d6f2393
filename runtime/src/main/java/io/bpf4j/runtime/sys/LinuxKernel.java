package io.bpf4j.runtime.sys;

import io.bpf4j.object.kernel.Errno;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real {@link Kernel}: {@code bpf(2)} and libc through jnr-ffi, each command laying out its
 * part of {@code union bpf_attr} as include/uapi/linux/bpf.h does. The only place that knows
 * attribute offsets.
 */
public final class LinuxKernel implements Kernel {
  private static final LinuxKernel INSTANCE = new LinuxKernel();

  private LinuxKernel() {}

  /**
   * The kernel this process runs on.
   *
   * @throws KernelUnavailableException on an architecture without a known {@code bpf(2)} number, or
   *     without a libc jnr-ffi can load
   */
  public static LinuxKernel instance() {
    if (Syscalls.BPF_SYSCALL < 0) {
      throw new KernelUnavailableException(
          "bpf4j supports Linux on x86-64 and arm64, not " + System.getProperty("os.arch"), null);
    }
    Native.libc();
    return INSTANCE;
  }

  private Fd bpfFd(BpfCommand cmd, Attr attr) throws SyscallException {
    return new Fd(Syscalls.bpf(cmd, attr), this);
  }

  @Override
  public Fd mapCreate(MapCreate m) throws SyscallException {
    Attr a =
        new Attr(72)
            .u32(0, m.type())
            .u32(4, m.keySize())
            .u32(8, m.valueSize())
            .u32(12, m.maxEntries())
            .u32(16, m.flags())
            .name(28, m.name(), 16);
    if (m.btf() != null && (m.btfKeyTypeId() != 0 || m.btfValueTypeId() != 0)) {
      a.fd(48, m.btf()).u32(52, m.btfKeyTypeId()).u32(56, m.btfValueTypeId());
    }
    if (m.innerMap() != null) {
      a.fd(20, m.innerMap()); // inner_map_fd, after map_flags
    }
    return bpfFd(BpfCommand.MAP_CREATE, a);
  }

  @Override
  public byte[] mapLookup(Fd map, byte[] key, int valueSize) throws SyscallException {
    ElementScratch scratch = ElementScratch.get();
    NativeBuffer v = scratch.valueOut(valueSize);
    Attr a = scratch.attr().fd(0, map).pointer(8, scratch.key(key)).pointer(16, v);
    try {
      Syscalls.bpf(BpfCommand.MAP_LOOKUP_ELEM, a);
    } catch (SyscallException e) {
      if (e.errno() == Errno.ENOENT) {
        return null;
      }
      throw e;
    }
    return v.bytes(0, valueSize);
  }

  @Override
  public void mapUpdate(Fd map, byte[] key, byte[] value, long flags) throws SyscallException {
    ElementScratch scratch = ElementScratch.get();
    Attr a =
        scratch
            .attr()
            .fd(0, map)
            .pointer(8, scratch.key(key))
            .pointer(16, scratch.valueIn(value))
            .u64(24, flags);
    Syscalls.bpf(BpfCommand.MAP_UPDATE_ELEM, a);
  }

  @Override
  public boolean mapDelete(Fd map, byte[] key) throws SyscallException {
    ElementScratch scratch = ElementScratch.get();
    Attr a = scratch.attr().fd(0, map).pointer(8, scratch.key(key));
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

  @Override
  public byte[] mapNextKey(Fd map, byte[] key, int keySize) throws SyscallException {
    NativeBuffer next = new NativeBuffer(keySize);
    Attr a = new Attr(32).fd(0, map).pointer(16, next);
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

  @Override
  public MapBatch mapLookupBatch(Fd map, int keySize, int valueSize, int max) {
    return new BatchReader(map, keySize, valueSize, max);
  }

  @Override
  public MapBatch mapLookupAndDeleteBatch(Fd map, int keySize, int valueSize, int max) {
    return new BatchReader(map, BpfCommand.MAP_LOOKUP_AND_DELETE_BATCH, keySize, valueSize, max);
  }

  @Override
  public BatchWrite mapUpdateBatch(Fd map, byte[] keys, byte[] values, int count, long flags) {
    return BatchWriter.update(map, keys, values, count, flags);
  }

  @Override
  public BatchWrite mapDeleteBatch(Fd map, byte[] keys, int count) {
    return BatchWriter.delete(map, keys, count);
  }

  @Override
  public void mapFreeze(Fd map) throws SyscallException {
    Syscalls.bpf(BpfCommand.MAP_FREEZE, new Attr(8).fd(0, map));
  }

  /**
   * {@code log_true_size} in the attributes of {@code BPF_PROG_LOAD} and {@code BPF_BTF_LOAD}: the
   * kernel (6.4+) writes there the size the whole log needed.
   */
  private static final int PROG_LOAD_LOG_TRUE_SIZE = 140;

  private static final int BTF_LOAD_LOG_TRUE_SIZE = 28;

  @Override
  public Fd progLoad(ProgLoad p, LogBuffer log) throws SyscallException {
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
            .u32(68, p.expectedAttachType())
            .u32(108, p.attachBtfId());
    NativeBuffer funcInfo = null;
    NativeBuffer lineInfo = null;
    if (p.btf() != null) {
      a.fd(72, p.btf());
      if (p.funcInfoCount() > 0) {
        funcInfo = NativeBuffer.of(p.funcInfo());
        a.u32(76, 8).pointer(80, funcInfo).u32(88, p.funcInfoCount());
      }
      if (p.lineInfoCount() > 0) {
        lineInfo = NativeBuffer.of(p.lineInfo());
        a.u32(92, 16).pointer(96, lineInfo).u32(104, p.lineInfoCount());
      }
    }
    NativeBuffer logBuffer = log == null ? null : new NativeBuffer(log.capacity());
    if (logBuffer != null) {
      a.u32(24, 1).u32(28, logBuffer.size()).pointer(32, logBuffer);
    }
    try {
      return bpfFd(BpfCommand.PROG_LOAD, a);
    } finally {
      if (logBuffer != null) {
        log.write(logBuffer.string());
        log.trueSize(Integer.toUnsignedLong(a.getU32(PROG_LOAD_LOG_TRUE_SIZE)));
      }
      // Keep the buffers reachable until the kernel has read them.
      Reference.reachabilityFence(insns);
      Reference.reachabilityFence(license);
      Reference.reachabilityFence(funcInfo);
      Reference.reachabilityFence(lineInfo);
    }
  }

  @Override
  public Fd btfLoad(byte[] btf, LogBuffer log) throws SyscallException {
    NativeBuffer data = NativeBuffer.of(btf);
    Attr a = new Attr(32).pointer(0, data).u32(16, btf.length);
    NativeBuffer logBuffer = log == null ? null : new NativeBuffer(log.capacity());
    if (logBuffer != null) {
      a.pointer(8, logBuffer).u32(20, logBuffer.size()).u32(24, 1);
    }
    try {
      return bpfFd(BpfCommand.BTF_LOAD, a);
    } finally {
      if (logBuffer != null) {
        log.write(logBuffer.string());
        log.trueSize(Integer.toUnsignedLong(a.getU32(BTF_LOAD_LOG_TRUE_SIZE)));
      }
      Reference.reachabilityFence(data);
    }
  }

  @Override
  public void objPin(Fd fd, String path) throws SyscallException {
    NativeBuffer p = NativeBuffer.cString(path);
    Syscalls.bpf(BpfCommand.OBJ_PIN, new Attr(24).pointer(0, p).fd(8, fd));
    Reference.reachabilityFence(p);
  }

  @Override
  public Fd objGet(String path) throws SyscallException {
    NativeBuffer p = NativeBuffer.cString(path);
    Fd fd = bpfFd(BpfCommand.OBJ_GET, new Attr(24).pointer(0, p));
    Reference.reachabilityFence(p);
    return fd;
  }

  @Override
  public MapInfo mapInfo(Fd map) throws SyscallException {
    NativeBuffer info = new NativeBuffer(80);
    Attr a = new Attr(16).fd(0, map).u32(4, 80).pointer(8, info);
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
        new String(name, 0, n, StandardCharsets.US_ASCII),
        info.getInt(64),
        info.getInt(68),
        info.getInt(72));
  }

  /** The second u32 of every info struct is the object's id. */
  @Override
  public int objectId(Fd fd) throws SyscallException {
    NativeBuffer info = new NativeBuffer(8);
    Attr a = new Attr(16).fd(0, fd).u32(4, 8).pointer(8, info);
    Syscalls.bpf(BpfCommand.OBJ_GET_INFO_BY_FD, a);
    return info.getInt(4);
  }

  @Override
  public int progType(Fd prog) throws SyscallException {
    NativeBuffer info = new NativeBuffer(8);
    Attr a = new Attr(16).fd(0, prog).u32(4, 8).pointer(8, info);
    Syscalls.bpf(BpfCommand.OBJ_GET_INFO_BY_FD, a);
    return info.getInt(0);
  }

  /**
   * Reads only the fixed fields; the array fields (instructions, map ids, line info) stay
   * unrequested, so the call copies no arrays.
   */
  @Override
  public ProgInfo progInfo(Fd prog) throws SyscallException {
    NativeBuffer info = new NativeBuffer(ProgInfo.SIZE);
    Attr a = new Attr(16).fd(0, prog).u32(4, ProgInfo.SIZE).pointer(8, info);
    Syscalls.bpf(BpfCommand.OBJ_GET_INFO_BY_FD, a);
    return ProgInfo.decode(info.bytes());
  }

  @Override
  public Fd mapById(int id) throws SyscallException {
    // map_id, then next_id and open_flags (0: read-write)
    return bpfFd(BpfCommand.MAP_GET_FD_BY_ID, new Attr(16).u32(0, id));
  }

  @Override
  public Fd btfById(int id) throws SyscallException {
    return bpfFd(BpfCommand.BTF_GET_FD_BY_ID, new Attr(16).u32(0, id));
  }

  @Override
  public byte[] btfBytes(Fd btf) throws SyscallException {
    NativeBuffer info = new NativeBuffer(32);
    Attr a = new Attr(16).fd(0, btf).u32(4, 32).pointer(8, info);
    Syscalls.bpf(BpfCommand.OBJ_GET_INFO_BY_FD, a);
    int size = info.getInt(8);
    NativeBuffer data = new NativeBuffer(size);
    NativeBuffer info2 = new NativeBuffer(32);
    info2.put(0, longBytes(data.address()));
    info2.putInt(8, size);
    Syscalls.bpf(
        BpfCommand.OBJ_GET_INFO_BY_FD, new Attr(16).fd(0, btf).u32(4, 32).pointer(8, info2));
    return data.bytes();
  }

  private static byte[] longBytes(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }

  /** The smallest output buffer of a test run: room for a packet grown to 64 KiB. */
  private static final int MIN_TEST_RUN_OUT = 64 * 1024;

  @Override
  public TestRun progTestRun(Fd prog, byte[] data, int repeat) throws SyscallException {
    NativeBuffer in = NativeBuffer.of(data);
    // Programs may grow the packet (bpf_xdp_adjust_tail up to the page, bpf_skb_change_tail far
    // beyond): a buffer the size of the input plus headroom is too small for them. A run cannot
    // be repeated with a larger buffer (its map updates would happen twice), so size it up front.
    NativeBuffer out = new NativeBuffer(Math.max(data.length + 256, MIN_TEST_RUN_OUT));
    Attr a =
        new Attr(80)
            .fd(0, prog)
            .u32(8, data.length)
            .u32(12, out.size())
            .pointer(16, in)
            .pointer(24, out)
            .u32(32, repeat);
    try {
      Syscalls.bpf(BpfCommand.PROG_TEST_RUN, a);
    } catch (SyscallException e) {
      if (e.errno() == Errno.ENOSPC) {
        // The kernel wrote back the size the output needed.
        throw new SyscallException(
            "bpf(PROG_TEST_RUN) with a "
                + a.getU32(12)
                + "-byte output packet for a "
                + out.size()
                + "-byte buffer",
            Errno.ENOSPC);
      }
      throw e;
    }
    int outSize = Math.min(a.getU32(12), out.size());
    return new TestRun(a.getU32(4), a.getU32(36), out.bytes(0, outSize));
  }

  @Override
  public TestRun progTestRunLiveFrames(Fd prog, byte[] data, int repeat, int batchSize)
      throws SyscallException {
    final int liveFrames = 1 << 1; // BPF_F_TEST_XDP_LIVE_FRAMES
    NativeBuffer in = NativeBuffer.of(data);
    Attr a =
        new Attr(80)
            .fd(0, prog)
            .u32(8, data.length)
            .pointer(16, in)
            .u32(32, repeat)
            .u32(64, liveFrames)
            .u32(72, batchSize);
    Syscalls.bpf(BpfCommand.PROG_TEST_RUN, a);
    return new TestRun(a.getU32(4), a.getU32(36), new byte[0]);
  }

  @Override
  public Fd linkCreate(Fd prog, int ifindex, int attachType, int flags) throws SyscallException {
    Attr a = new Attr(64).fd(0, prog).u32(4, ifindex).u32(8, attachType).u32(12, flags);
    return bpfFd(BpfCommand.LINK_CREATE, a);
  }

  @Override
  public Fd socket(int domain, int type, int protocol) throws SyscallException {
    return new Fd(Syscalls.socket(domain, type, protocol), this);
  }

  @Override
  public void setsockopt(Fd socket, int level, int name, byte[] value) throws SyscallException {
    int fd = socket.acquire();
    try {
      Syscalls.setsockopt(fd, level, name, NativeBuffer.of(value));
    } finally {
      socket.release();
    }
  }

  @Override
  public void bind(Fd socket, byte[] address) throws SyscallException {
    int fd = socket.acquire();
    try {
      Syscalls.bind(fd, NativeBuffer.of(address));
    } finally {
      socket.release();
    }
  }

  @Override
  public int ifNameToIndex(String name) {
    return Native.libc().if_nametoindex(name);
  }

  @Override
  public String fdKind(Fd fd) {
    int number = fd.acquire();
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + number)).toString();
      return target.startsWith("anon_inode:") ? target.substring("anon_inode:".length()) : target;
    } catch (IOException | UnsupportedOperationException e) {
      return "unknown";
    } finally {
      fd.release();
    }
  }

  @Override
  public String fileSystemType(Path path) {
    Path p = path.toAbsolutePath();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    try {
      return p == null ? "none" : Files.getFileStore(p).type();
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public int possibleCpus() {
    return PossibleCpus.count();
  }

  @Override
  public long effectiveCapabilities() {
    try {
      return ProcStatus.capEff(Files.readString(Path.of("/proc/self/status")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** {@code PERF_FLAG_FD_CLOEXEC}. */
  private static final long PERF_FLAG_FD_CLOEXEC = 1L << 3;

  /** {@code PERF_ATTR_SIZE_VER5}: the layout up to {@code aux_watermark}, known since 4.1. */
  private static final int PERF_ATTR_SIZE = 112;

  @Override
  public Fd perfEventOpen(PerfEventAttr p, int pid, int cpu, Fd group) throws SyscallException {
    Attr a =
        new Attr(PERF_ATTR_SIZE)
            .u32(0, p.type())
            .u32(4, PERF_ATTR_SIZE)
            .u64(8, p.config())
            .u64(16, p.samplePeriod())
            .u64(24, p.sampleType())
            .u64(40, p.bits())
            .u32(48, p.wakeupEvents())
            .u64(64, p.config2());
    if (p.config1Path() != null) {
      a.pointer(56, NativeBuffer.cString(p.config1Path()));
    } else {
      a.u64(56, p.config1());
    }
    if (group == null) {
      return new Fd(Syscalls.perfEventOpen(a, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC), this);
    }
    int g = group.acquire();
    try {
      return new Fd(Syscalls.perfEventOpen(a, pid, cpu, g, PERF_FLAG_FD_CLOEXEC), this);
    } finally {
      group.release();
    }
  }

  @Override
  public void ioctl(Fd fd, long request, long arg) throws SyscallException {
    int f = fd.acquire();
    try {
      Syscalls.ioctl(f, request, arg);
    } finally {
      fd.release();
    }
  }

  @Override
  public void close(int fd) {
    Native.libc().close(fd);
  }

  // ---- attachments (issue 12); the calls themselves are in AttachCalls ----

  @Override
  public Fd linkCreate(Fd prog, Fd target, int attachType, int flags) throws SyscallException {
    return new Fd(AttachCalls.linkCreate(prog, target, attachType, flags), this);
  }

  @Override
  public Fd rawTracepointOpen(Fd prog, String name) throws SyscallException {
    return new Fd(AttachCalls.rawTracepointOpen(prog, name), this);
  }

  @Override
  public Fd openReadOnly(Path path) throws SyscallException {
    return new Fd(AttachCalls.openReadOnly(path), this);
  }

  @Override
  public byte[] readKernelFile(Path path) throws SyscallException {
    return AttachCalls.readFile(path);
  }

  @Override
  public void send(Fd socket, byte[] message) throws SyscallException {
    AttachCalls.send(socket, message);
  }

  @Override
  public int receive(Fd socket, byte[] buffer) throws SyscallException {
    return AttachCalls.receive(socket, buffer);
  }

  // ---- event readers: mmap, epoll, eventfd (EventCalls) ----

  @Override
  public int pageSize() {
    return EventCalls.pageSize();
  }

  @Override
  public int[] onlineCpus() {
    return OnlineCpus.read();
  }

  @Override
  public MappedMemory mmap(Fd fd, long offset, long length, boolean writable)
      throws SyscallException {
    return EventCalls.mmap(fd, offset, length, writable);
  }

  @Override
  public Fd epollCreate() throws SyscallException {
    return new Fd(EventCalls.epollCreate(), this).describe("epoll");
  }

  @Override
  public void epollAdd(Fd epoll, Fd fd, long data) throws SyscallException {
    EventCalls.epollAdd(epoll, fd, data);
  }

  @Override
  public void epollDelete(Fd epoll, Fd fd) throws SyscallException {
    EventCalls.epollDelete(epoll, fd);
  }

  @Override
  public int epollWait(Fd epoll, long[] ready, int timeoutMillis) throws SyscallException {
    return EventCalls.epollWait(epoll, ready, timeoutMillis);
  }

  @Override
  public Fd eventFd() throws SyscallException {
    return new Fd(EventCalls.eventFd(), this).describe("eventfd");
  }

  @Override
  public void eventFdSignal(Fd eventFd) throws SyscallException {
    EventCalls.eventFdSignal(eventFd);
  }

  // ---- Queue and stack maps

  @Override
  public void mapPush(Fd map, byte[] value, long flags) throws SyscallException {
    Attr a = new Attr(32).fd(0, map).pointer(16, NativeBuffer.of(value)).u64(24, flags);
    Syscalls.bpf(BpfCommand.MAP_UPDATE_ELEM, a);
  }

  @Override
  public byte[] mapPop(Fd map, int valueSize) throws SyscallException {
    return keylessLookup(BpfCommand.MAP_LOOKUP_AND_DELETE_ELEM, map, valueSize);
  }

  @Override
  public byte[] mapPeek(Fd map, int valueSize) throws SyscallException {
    return keylessLookup(BpfCommand.MAP_LOOKUP_ELEM, map, valueSize);
  }

  private static byte[] keylessLookup(BpfCommand command, Fd map, int valueSize)
      throws SyscallException {
    NativeBuffer v = new NativeBuffer(valueSize);
    Attr a = new Attr(32).fd(0, map).pointer(16, v);
    try {
      Syscalls.bpf(command, a);
    } catch (SyscallException e) {
      if (e.errno() == Errno.ENOENT) {
        return null;
      }
      throw e;
    }
    return v.bytes();
  }
}
