package io.bpf4j.runtime.sys;

import io.bpf4j.object.kernel.Errno;
import java.nio.file.Path;

/**
 * Everything the runtime asks of the kernel: the {@code bpf(2)} commands, the socket calls that
 * attach socket filters, and the few kernel facts it reads from files. Failures are {@link
 * SyscallException}s with the kernel's errno and nothing else; saying what to do about them is the
 * caller's job. {@link LinuxKernel} is the real one; tests give the loader, maps and links a fake
 * one, so that their logic runs without root.
 *
 * <p>Every fd an operation returns is an {@link Fd} owned by the caller; closing it calls {@link
 * #close(int)} of the kernel that made it.
 */
public interface Kernel {
  /** {@code BPF_F_RDONLY_PROG}: BPF programs may only read the map (for {@code .rodata}). */
  int F_RDONLY_PROG = 1 << 7;

  /**
   * What {@code BPF_MAP_CREATE} needs; {@code btf} null, or the BTF the type ids refer to; {@code
   * innerMap} null, or for a map of maps a map of the shape the held maps must have (the kernel
   * copies its shape, so the caller may close it once the call returns).
   */
  record MapCreate(
      int type,
      int keySize,
      int valueSize,
      int maxEntries,
      int flags,
      String name,
      Fd btf,
      int btfKeyTypeId,
      int btfValueTypeId,
      Fd innerMap) {

    /** A map that holds no maps. */
    public MapCreate(
        int type,
        int keySize,
        int valueSize,
        int maxEntries,
        int flags,
        String name,
        Fd btf,
        int btfKeyTypeId,
        int btfValueTypeId) {
      this(
          type,
          keySize,
          valueSize,
          maxEntries,
          flags,
          name,
          btf,
          btfKeyTypeId,
          btfValueTypeId,
          null);
    }
  }

  /**
   * What {@code BPF_PROG_LOAD} needs; func_info and line_info only count with a {@code btf}. {@code
   * attachBtfId} is the id of the attach target in the kernel's BTF (tp_btf, fentry, fexit, lsm
   * programs), else 0.
   */
  record ProgLoad(
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
      int flags,
      int attachBtfId) {

    /** A load with no BTF attach target. */
    public ProgLoad(
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
        int flags) {
      this(
          type,
          expectedAttachType,
          name,
          instructions,
          license,
          btf,
          funcInfo,
          funcInfoCount,
          lineInfo,
          lineInfoCount,
          flags,
          0);
    }
  }

  /** The kernel's {@code struct bpf_map_info} fields the runtime checks. */
  record MapInfo(
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

  /** The result of {@code BPF_PROG_TEST_RUN}. */
  record TestRun(int retval, int durationNs, byte[] dataOut) {}

  /** {@code BPF_MAP_CREATE}. */
  Fd mapCreate(MapCreate create) throws SyscallException;

  /** {@code BPF_MAP_LOOKUP_ELEM}: the value under {@code key}, or null when there is none. */
  byte[] mapLookup(Fd map, byte[] key, int valueSize) throws SyscallException;

  /** {@code BPF_MAP_UPDATE_ELEM} with {@code BPF_ANY}, {@code BPF_NOEXIST} or {@code BPF_EXIST}. */
  void mapUpdate(Fd map, byte[] key, byte[] value, long flags) throws SyscallException;

  /** {@code BPF_MAP_DELETE_ELEM}: false when {@code key} was not there. */
  boolean mapDelete(Fd map, byte[] key) throws SyscallException;

  /**
   * {@code BPF_MAP_GET_NEXT_KEY}: the key after {@code key} (the first key when null), or null at
   * the end.
   */
  byte[] mapNextKey(Fd map, byte[] key, int keySize) throws SyscallException;

  /** A reader of the whole map in batches of at most {@code max} entries to start with. */
  MapBatch mapLookupBatch(Fd map, int keySize, int valueSize, int max);

  /**
   * A reader that takes every entry out of the map ({@code BPF_MAP_LOOKUP_AND_DELETE_BATCH}, kernel
   * 5.6+), batch after batch. A kernel without it refuses the first batch with EINVAL or ENOTSUPP.
   */
  default MapBatch mapLookupAndDeleteBatch(Fd map, int keySize, int valueSize, int max) {
    return new MapBatch() {
      @Override
      public boolean next() throws SyscallException {
        throw new SyscallException("bpf(MAP_LOOKUP_AND_DELETE_BATCH)", Errno.EINVAL);
      }

      @Override
      public int count() {
        return 0;
      }

      @Override
      public void keys(byte[] out) {}

      @Override
      public void values(byte[] out) {}

      @Override
      public int capacity() {
        return max;
      }
    };
  }

  /**
   * {@code BPF_MAP_UPDATE_BATCH} of {@code count} keys and values laid out back to back; never
   * throws for the kernel's refusal, which is in the result with how many entries took effect.
   */
  default BatchWrite mapUpdateBatch(Fd map, byte[] keys, byte[] values, int count, long flags) {
    return new BatchWrite(0, Errno.EINVAL);
  }

  /** {@code BPF_MAP_DELETE_BATCH} of {@code count} keys laid out back to back. */
  default BatchWrite mapDeleteBatch(Fd map, byte[] keys, int count) {
    return new BatchWrite(0, Errno.EINVAL);
  }

  /** {@code BPF_MAP_FREEZE}: user space may no longer write the map. */
  void mapFreeze(Fd map) throws SyscallException;

  /**
   * {@code BPF_PROG_LOAD}; with a non-null {@code log}, the verifier explains itself in it (log
   * level 1), and a log too small fails the load with {@code ENOSPC}.
   */
  Fd progLoad(ProgLoad load, LogBuffer log) throws SyscallException;

  /** {@code BPF_BTF_LOAD}; with a non-null {@code log}, the kernel explains a rejection in it. */
  Fd btfLoad(byte[] btf, LogBuffer log) throws SyscallException;

  /** {@code BPF_OBJ_PIN}: pins a map, program or link at {@code path} on a bpffs. */
  void objPin(Fd fd, String path) throws SyscallException;

  /** {@code BPF_OBJ_GET}: opens what is pinned at {@code path}. */
  Fd objGet(String path) throws SyscallException;

  /** {@code BPF_OBJ_GET_INFO_BY_FD} of a map. */
  MapInfo mapInfo(Fd map) throws SyscallException;

  /** The kernel id of a map, program or link fd. */
  int objectId(Fd fd) throws SyscallException;

  /** The program type of a program fd ({@code struct bpf_prog_info.type}). */
  int progType(Fd prog) throws SyscallException;

  /** {@code BPF_OBJ_GET_INFO_BY_FD} of a program: its fixed fields, no arrays. */
  ProgInfo progInfo(Fd prog) throws SyscallException;

  /**
   * {@code BPF_MAP_GET_FD_BY_ID}: opens the map with kernel id {@code id} (a map of maps answers
   * lookups with the held map's id); ENOENT when no map has that id any more.
   */
  Fd mapById(int id) throws SyscallException;

  /** {@code BPF_BTF_GET_FD_BY_ID}. */
  Fd btfById(int id) throws SyscallException;

  /** The raw bytes of a BTF object. */
  byte[] btfBytes(Fd btf) throws SyscallException;

  /** {@code BPF_PROG_TEST_RUN} on {@code data}, {@code repeat} times. */
  TestRun progTestRun(Fd prog, byte[] data, int repeat) throws SyscallException;

  /**
   * {@code BPF_PROG_TEST_RUN} of an XDP program with {@code BPF_F_TEST_XDP_LIVE_FRAMES} (kernel
   * 5.18+): {@code repeat} frames built from {@code data}, {@code batchSize} at a time, whose
   * {@code XDP_TX} and {@code XDP_REDIRECT} really send them; no data comes back.
   */
  default TestRun progTestRunLiveFrames(Fd prog, byte[] data, int repeat, int batchSize)
      throws SyscallException {
    throw new SyscallException("progTestRun", io.bpf4j.object.kernel.Errno.EOPNOTSUPP);
  }

  /** {@code BPF_LINK_CREATE} attaching {@code prog} to interface {@code ifindex}. */
  Fd linkCreate(Fd prog, int ifindex, int attachType, int flags) throws SyscallException;

  /** {@code socket(2)}. */
  Fd socket(int domain, int type, int protocol) throws SyscallException;

  /** {@code setsockopt(2)}. */
  void setsockopt(Fd socket, int level, int name, byte[] value) throws SyscallException;

  /** {@code bind(2)} to the {@code struct sockaddr} in {@code address}. */
  void bind(Fd socket, byte[] address) throws SyscallException;

  /** {@code if_nametoindex(3)}: the index of interface {@code name}, or 0 when there is none. */
  int ifNameToIndex(String name);

  /**
   * What kind of kernel object {@code fd} refers to, as {@code /proc/self/fd} names it: {@code
   * bpf-map}, {@code bpf-prog}, {@code bpf_link}, ..., or {@code unknown}.
   */
  String fdKind(Fd fd);

  /**
   * The type of the file system holding {@code path}'s nearest existing ancestor ({@code bpf} for a
   * bpffs), {@code none} when nothing of it exists, {@code unknown} when unreadable.
   */
  String fileSystemType(Path path);

  /** The number of possible CPUs: how many values a per-CPU map holds per key. */
  int possibleCpus();

  /**
   * The process's effective capabilities ({@code CapEff} of {@code /proc/self/status}, bit n for
   * capability n), or -1 when unknown: for messages that name the capability a failure lacks.
   */
  long effectiveCapabilities();

  // ---- perf events: perf buffers, tracepoint and uprobe attachments ----

  /**
   * The {@code struct perf_event_attr} fields bpf4j sets. {@code config1Path} non-null is a path
   * whose C string address goes into {@code config1} (uprobes); {@code bits} are the flag bits at
   * offset 40 ({@code disabled} is bit 0, {@code watermark} bit 14).
   */
  record PerfEventAttr(
      int type,
      long config,
      long samplePeriod,
      long sampleType,
      long bits,
      int wakeupEvents,
      String config1Path,
      long config1,
      long config2) {}

  /** {@code perf_event_open(2)} with {@code PERF_FLAG_FD_CLOEXEC}. */
  Fd perfEventOpen(PerfEventAttr attr, int pid, int cpu, Fd group) throws SyscallException;

  /** {@code ioctl(2)} with an integer argument (the perf event ioctls). */
  void ioctl(Fd fd, long request, long arg) throws SyscallException;

  /** {@code close(2)}; called by {@link Fd#close()}. */
  void close(int fd);

  // ---- attachments (issue 12): BPF links to fds, raw tracepoints, cgroups, rtnetlink, and the
  // kernel files that name attach targets (tracefs ids, the uprobe PMU, the kernel's BTF) ----

  /**
   * {@code BPF_LINK_CREATE} attaching {@code prog} to the object {@code target} refers to (a cgroup
   * directory, a perf event), or with target 0 when {@code target} is null (programs attached by
   * BTF id: tp_btf, fentry, fexit, lsm).
   */
  Fd linkCreate(Fd prog, Fd target, int attachType, int flags) throws SyscallException;

  /**
   * {@code BPF_RAW_TRACEPOINT_OPEN}: attaches {@code prog} to raw tracepoint {@code name}, or, with
   * a null name, to the BTF target it was loaded for (tp_btf and friends on kernels before links).
   */
  Fd rawTracepointOpen(Fd prog, String name) throws SyscallException;

  /** {@code open(2)} read-only: a cgroup directory to attach to. */
  Fd openReadOnly(Path path) throws SyscallException;

  /**
   * The contents of a kernel-provided file (tracefs, sysfs, {@code /sys/kernel/btf/vmlinux});
   * failures are {@link SyscallException}s with {@code ENOENT} or {@code EACCES}.
   */
  byte[] readKernelFile(Path path) throws SyscallException;

  /** {@code send(2)} of one whole message (netlink requests). */
  void send(Fd socket, byte[] message) throws SyscallException;

  /** {@code recv(2)} into {@code buffer}: the number of bytes received. */
  int receive(Fd socket, byte[] buffer) throws SyscallException;

  // ---- event readers (RingBufReader, PerfBufferReader): mmap, epoll, eventfd, CPUs ----
  // Kept together at the end of the interface, apart from the attach methods.

  /** The size of a memory page: the unit of ring buffer and perf ring mappings. */
  int pageSize();

  /** The CPUs online now, ascending ({@code /sys/devices/system/cpu/online}). */
  int[] onlineCpus();

  /**
   * {@code mmap(2)} of {@code length} bytes of {@code fd} at {@code offset}, shared, readable, and
   * writable when asked. The caller unmaps it with {@link MappedMemory#close()}.
   */
  MappedMemory mmap(Fd fd, long offset, long length, boolean writable) throws SyscallException;

  /** {@code epoll_create1(EPOLL_CLOEXEC)}. */
  Fd epollCreate() throws SyscallException;

  /**
   * {@code epoll_ctl(EPOLL_CTL_ADD)} for {@code EPOLLIN} (level-triggered), tagged {@code data}.
   */
  void epollAdd(Fd epoll, Fd fd, long data) throws SyscallException;

  /** {@code epoll_ctl(EPOLL_CTL_DEL)}. */
  void epollDelete(Fd epoll, Fd fd) throws SyscallException;

  /**
   * {@code epoll_wait}: waits at most {@code timeoutMillis} (-1: forever) and writes the data of
   * each ready fd into {@code ready}; returns how many, 0 on timeout or interruption by a signal.
   */
  int epollWait(Fd epoll, long[] ready, int timeoutMillis) throws SyscallException;

  /** {@code eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)}: a wake-up another thread can send. */
  Fd eventFd() throws SyscallException;

  /** Makes an {@link #eventFd()} readable (writes 1 to it), which wakes its epoll waiters. */
  void eventFdSignal(Fd eventFd) throws SyscallException;

  // ---- Queue and stack maps (BPF_MAP_TYPE_QUEUE, BPF_MAP_TYPE_STACK): values without keys, the
  // element commands called with a NULL key.

  /**
   * {@code BPF_MAP_UPDATE_ELEM} with a NULL key: pushes {@code value}; {@code flags} 0, or {@code
   * BPF_EXIST} to drop the oldest value of a full map ({@code E2BIG} otherwise).
   */
  void mapPush(Fd map, byte[] value, long flags) throws SyscallException;

  /**
   * {@code BPF_MAP_LOOKUP_AND_DELETE_ELEM} with a NULL key: removes and returns the next value (the
   * oldest of a queue, the newest of a stack), or null when the map is empty.
   */
  byte[] mapPop(Fd map, int valueSize) throws SyscallException;

  /**
   * {@code BPF_MAP_LOOKUP_ELEM} with a NULL key: the value {@link #mapPop} would return, left in
   * place, or null when the map is empty.
   */
  byte[] mapPeek(Fd map, int valueSize) throws SyscallException;
}
