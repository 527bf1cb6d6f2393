package io.bpf4j.runtime.fake;

import io.bpf4j.object.kernel.AttachType;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.LogBuffer;
import io.bpf4j.runtime.sys.MapBatch;
import io.bpf4j.runtime.sys.MappedMemory;
import io.bpf4j.runtime.sys.ProgInfo;
import io.bpf4j.runtime.sys.SyscallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A kernel in memory, for testing the loader, maps, pins and links without root: fds numbered from
 * 3, maps with the kernel's semantics (see {@link FakeMap}), programs recorded as loaded, pins in a
 * table (and as empty files under the fake bpffs, so that the runtime's existence checks work), and
 * failures on demand: a verifier that rejects with a log, an errno for the next call of an
 * operation, or no privileges at all.
 */
public final class FakeKernel implements Kernel {
  /** The verifier's answer to a program: null to accept, else a log and an errno. */
  public record Rejection(int errno, String log) {}

  private static final int SOL_SOCKET = 1;
  private static final int SO_ATTACH_BPF = 50;
  private static final int SO_DETACH_BPF = 27;

  private final Path bpffs;
  private final Map<Integer, KernelObject> fds = new ConcurrentHashMap<>();
  private final Map<String, KernelObject> pins = new HashMap<>();
  private final List<KernelObject> created = new ArrayList<>();
  private final List<ProgLoad> progLoads = new ArrayList<>();
  private final List<Integer> logSizes = new ArrayList<>();
  private final Map<String, Deque<Integer>> failures = new HashMap<>();
  private final Map<String, Integer> interfaces = new LinkedHashMap<>(Map.of("lo", 1));
  private final List<String> closeErrors = new CopyOnWriteArrayList<>();
  private int nextFd = 3;
  private int nextId = 1;
  private int cpus = 4;
  private long capabilities = -1;
  private int denyErrno;
  private boolean batches = true;
  private int batchCalls;
  private Function<ProgLoad, Rejection> verifier = p -> null;
  private Rejection btfChecker;

  /** A kernel whose bpffs is {@code bpffs} (a directory of the test's, e.g. a JUnit temp dir). */
  public FakeKernel(Path bpffs) {
    this.bpffs = bpffs.toAbsolutePath();
  }

  // ---- configuring ----

  /**
   * The process's effective capabilities, as bits of {@code CapEff} (-1, the default: unknown,
   * which messages treat as all granted).
   */
  public FakeKernel capabilities(long capEff) {
    this.capabilities = capEff;
    return this;
  }

  /** Every {@code bpf(2)} call fails with {@code errno} from now on (EPERM: no privileges). */
  public FakeKernel deny(int errno) {
    this.denyErrno = errno;
    return this;
  }

  /**
   * The next call of {@code operation} (a method name of {@link Kernel}) fails with {@code errno};
   * 0 lets that call pass, so that a later one fails.
   */
  public FakeKernel failNext(String operation, int errno) {
    failures.computeIfAbsent(operation, k -> new ArrayDeque<>()).add(errno);
    return this;
  }

  /** The verifier: a rejection (or null) for each program load. */
  public FakeKernel verifier(Function<ProgLoad, Rejection> verifier) {
    this.verifier = verifier;
    return this;
  }

  /** Rejects every BTF load with {@code rejection}. */
  public FakeKernel rejectBtf(Rejection rejection) {
    this.btfChecker = rejection;
    return this;
  }

  public FakeKernel cpus(int cpus) {
    this.cpus = cpus;
    return this;
  }

  /** Whether {@code BPF_MAP_LOOKUP_BATCH} works (else EINVAL, as on kernels before 5.6). */
  public FakeKernel batches(boolean supported) {
    this.batches = supported;
    return this;
  }

  public FakeKernel networkInterface(String name, int index) {
    interfaces.put(name, index);
    return this;
  }

  // ---- inspecting ----

  /** The fds open now, by number. */
  public Set<Integer> openFds() {
    return Set.copyOf(fds.keySet());
  }

  /** Closes of fds that were not open: should never happen. */
  public List<String> closeErrors() {
    return List.copyOf(closeErrors);
  }

  /** The object behind an open fd. */
  public KernelObject object(int fd) {
    return fds.get(fd);
  }

  /** Every map created, in order. */
  public List<FakeMap> maps() {
    return created.stream().filter(o -> o instanceof FakeMap).map(o -> (FakeMap) o).toList();
  }

  /** The map created with {@code name} (the kernel's 15-character name). */
  public FakeMap map(String name) {
    return maps().stream()
        .filter(m -> m.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no map " + name + " in " + maps()));
  }

  /** Every program loaded, in order. */
  public List<KernelObject.Program> programs() {
    return created.stream()
        .filter(o -> o instanceof KernelObject.Program)
        .map(o -> (KernelObject.Program) o)
        .toList();
  }

  public KernelObject.Program program(String name) {
    return programs().stream()
        .filter(p -> p.load().name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no program " + name));
  }

  /** Every {@code BPF_PROG_LOAD}, accepted or not. */
  public List<ProgLoad> progLoads() {
    return List.copyOf(progLoads);
  }

  /** The log capacities of the loads that asked for a verifier log. */
  public List<Integer> logSizes() {
    return List.copyOf(logSizes);
  }

  public List<KernelObject.Link> links() {
    return created.stream()
        .filter(o -> o instanceof KernelObject.Link)
        .map(o -> (KernelObject.Link) o)
        .toList();
  }

  public List<KernelObject.Socket> sockets() {
    return created.stream()
        .filter(o -> o instanceof KernelObject.Socket)
        .map(o -> (KernelObject.Socket) o)
        .toList();
  }

  /** What is pinned at {@code path}, or null. */
  public KernelObject pinned(Path path) {
    return pins.get(path.toString());
  }

  /** {@code BPF_MAP_LOOKUP_BATCH} calls so far. */
  public int batchCalls() {
    return batchCalls;
  }

  // ---- the kernel ----

  private void enter(String operation) throws SyscallException {
    if (denyErrno != 0) {
      throw new SyscallException(operation, denyErrno);
    }
    Deque<Integer> queued = failures.get(operation);
    if (queued != null && !queued.isEmpty()) {
      int errno = queued.poll();
      if (errno != 0) {
        throw new SyscallException(operation, errno);
      }
    }
  }

  private Fd open(KernelObject o) {
    int fd = nextFd++;
    fds.put(fd, o);
    return new Fd(fd, this);
  }

  private <T extends KernelObject> T create(T o) {
    created.add(o);
    return o;
  }

  private <T> T objectOf(Fd fd, Class<T> type, String operation) throws SyscallException {
    KernelObject o = fds.get(fd.get());
    if (o == null) {
      throw new SyscallException(operation, Errno.EBADF);
    }
    if (!type.isInstance(o)) {
      throw new SyscallException(operation, Errno.EINVAL);
    }
    return type.cast(o);
  }

  private static final Set<MapType> TAKE_NO_BTF =
      Set.of(
          MapType.PROG_ARRAY,
          MapType.PERF_EVENT_ARRAY,
          MapType.RINGBUF,
          MapType.QUEUE,
          MapType.STACK);

  @Override
  public Fd mapCreate(MapCreate m) throws SyscallException {
    enter("mapCreate");
    MapType type = MapType.of(m.type());
    boolean indexed = type.arrayLike();
    boolean withBtf = m.btf() != null && (m.btfKeyTypeId() != 0 || m.btfValueTypeId() != 0);
    if (type == MapType.UNSPEC
        || m.maxEntries() <= 0
        || (indexed && m.keySize() != 4)
        || (!type.keyless() && m.keySize() <= 0)
        || (type != MapType.RINGBUF && m.valueSize() <= 0)
        || (withBtf && TAKE_NO_BTF.contains(type))
        || m.name().length() > 15) {
      throw new SyscallException("mapCreate", Errno.EINVAL);
    }
    boolean holdsMaps = type.holdsMaps();
    FakeMap template = null;
    if (holdsMaps) {
      // The kernel requires a template of a kind that may be held, and 4-byte values (fd in, id
      // out).
      if (m.innerMap() == null || m.valueSize() != 4) {
        throw new SyscallException("mapCreate", Errno.EINVAL);
      }
      template = objectOf(m.innerMap(), FakeMap.class, "mapCreate");
      if (template.holdsMaps() || TAKE_NO_BTF.contains(template.type())) {
        throw new SyscallException("mapCreate", Errno.EINVAL);
      }
    }
    int btfId = withBtf ? objectOf(m.btf(), KernelObject.Btf.class, "mapCreate").id() : 0;
    FakeMap map = new FakeMap(nextId++, m, btfId, cpus);
    if (template != null) {
      map.innerTemplate(template.info());
    }
    return open(create(map));
  }

  @Override
  public byte[] mapLookup(Fd map, byte[] key, int valueSize) throws SyscallException {
    enter("mapLookup");
    return objectOf(map, FakeMap.class, "mapLookup").lookup(key, valueSize);
  }

  @Override
  public void mapUpdate(Fd map, byte[] key, byte[] value, long flags) throws SyscallException {
    enter("mapUpdate");
    FakeMap m = objectOf(map, FakeMap.class, "mapUpdate");
    if (m.type() == MapType.PROG_ARRAY) {
      int progFd = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getInt();
      if (!(fds.get(progFd) instanceof KernelObject.Program p)) {
        throw new SyscallException("mapUpdate", Errno.EBADF);
      }
      for (Map.Entry<byte[], byte[]> e : m.snapshot()) {
        int other = ByteBuffer.wrap(e.getValue()).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (fds.get(other) instanceof KernelObject.Program q && q.type() != p.type()) {
          throw new SyscallException("mapUpdate", Errno.EINVAL);
        }
      }
    }
    if (m.holdsMaps()) {
      int innerFd = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getInt();
      if (!(fds.get(innerFd) instanceof FakeMap held)) {
        throw new SyscallException("mapUpdate", Errno.EBADF);
      }
      if (!fitsTemplate(m.innerTemplate(), held.info())) {
        throw new SyscallException("mapUpdate", Errno.EINVAL);
      }
      value = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(held.id()).array();
    }
    m.update(key, value, flags, true);
  }

  /** The kernel's bpf_map_meta_equal, with array_map_meta_equal's max_entries rule. */
  private static boolean fitsTemplate(MapInfo t, MapInfo given) {
    boolean sizeChecked = t.type() == MapType.ARRAY.kernelId() && (t.flags() & (1 << 12)) == 0;
    return t.type() == given.type()
        && t.keySize() == given.keySize()
        && t.valueSize() == given.valueSize()
        && t.flags() == given.flags()
        && (!sizeChecked || t.maxEntries() == given.maxEntries());
  }

  @Override
  public Fd mapById(int id) throws SyscallException {
    enter("mapById");
    for (FakeMap m : maps()) {
      if (m.id() == id) {
        return open(m);
      }
    }
    throw new SyscallException("mapById", Errno.ENOENT);
  }

  @Override
  public boolean mapDelete(Fd map, byte[] key) throws SyscallException {
    enter("mapDelete");
    return objectOf(map, FakeMap.class, "mapDelete").delete(key);
  }

  @Override
  public byte[] mapNextKey(Fd map, byte[] key, int keySize) throws SyscallException {
    enter("mapNextKey");
    return objectOf(map, FakeMap.class, "mapNextKey").nextKey(key);
  }

  @Override
  public MapBatch mapLookupBatch(Fd fd, int keySize, int valueSize, int max) {
    return new MapBatch() {
      private List<Map.Entry<byte[], byte[]>> all;
      private int at;
      private int count;

      @Override
      public boolean next() throws SyscallException {
        enter("mapLookupBatch");
        batchCalls++;
        FakeMap m = objectOf(fd, FakeMap.class, "mapLookupBatch");
        if (!batches) {
          throw new SyscallException("mapLookupBatch", Errno.EINVAL);
        }
        if (valueSize != m.userValueSize() || keySize != m.keySize()) {
          throw new IllegalStateException("batch of the wrong sizes");
        }
        if (all == null) {
          all = m.snapshot();
        }
        count = Math.min(max, all.size() - at);
        at += count;
        return count > 0;
      }

      @Override
      public int count() {
        return count;
      }

      @Override
      public void keys(byte[] out) {
        for (int i = 0; i < count; i++) {
          byte[] k = all.get(at - count + i).getKey();
          System.arraycopy(k, 0, out, i * keySize, keySize);
        }
      }

      @Override
      public void values(byte[] out) {
        for (int i = 0; i < count; i++) {
          byte[] v = all.get(at - count + i).getValue();
          System.arraycopy(v, 0, out, i * valueSize, valueSize);
        }
      }

      @Override
      public int capacity() {
        return max;
      }
    };
  }

  @Override
  public void mapFreeze(Fd map) throws SyscallException {
    enter("mapFreeze");
    objectOf(map, FakeMap.class, "mapFreeze").freeze();
  }

  @Override
  public Fd progLoad(ProgLoad load, LogBuffer log) throws SyscallException {
    enter("progLoad");
    progLoads.add(load);
    if (log != null) {
      logSizes.add(log.capacity());
    }
    if (load.btf() != null) {
      objectOf(load.btf(), KernelObject.Btf.class, "progLoad");
    }
    checkMapReferences(load.instructions());
    Rejection r = verifier.apply(load);
    if (r != null) {
      if (log != null && r.log() != null) {
        // As Linux 6.4+ does by default: a log that does not fit keeps its end, the call fails
        // with ENOSPC, and log_true_size says how long the whole log was.
        log.trueSize(r.log().length() + 1);
        if (r.log().length() + 1 > log.capacity()) {
          log.write(r.log().substring(r.log().length() - (log.capacity() - 1)));
          throw new SyscallException("progLoad", Errno.ENOSPC);
        }
        log.write(r.log());
      }
      throw new SyscallException("progLoad", r.errno());
    }
    return open(create(new KernelObject.Program(nextId++, load)));
  }

  /** Every ld_imm64 marked as a map reference must name an open map, as the verifier checks. */
  private void checkMapReferences(byte[] insns) throws SyscallException {
    ByteBuffer code = ByteBuffer.wrap(insns).order(ByteOrder.LITTLE_ENDIAN);
    for (int at = 0; at + 16 <= insns.length; at += 8) {
      if ((insns[at] & 0xff) != 0x18) {
        continue;
      }
      int src = (insns[at + 1] >> 4) & 0x0f;
      if ((src == 1 || src == 2) && !(fds.get(code.getInt(at + 4)) instanceof FakeMap)) {
        throw new SyscallException("progLoad", Errno.EBADF);
      }
      at += 8;
    }
  }

  @Override
  public Fd btfLoad(byte[] btf, LogBuffer log) throws SyscallException {
    enter("btfLoad");
    if (btfChecker != null) {
      if (log != null) {
        log.write(btfChecker.log());
      }
      throw new SyscallException("btfLoad", btfChecker.errno());
    }
    return open(create(new KernelObject.Btf(nextId++, btf)));
  }

  @Override
  public void objPin(Fd fd, String path) throws SyscallException {
    enter("objPin");
    KernelObject o = objectOf(fd, KernelObject.class, "objPin");
    Path p = Path.of(path).toAbsolutePath();
    if (!p.startsWith(bpffs)) {
      throw new SyscallException("objPin", Errno.EPERM);
    }
    if (pins.containsKey(path) || Files.exists(p)) {
      throw new SyscallException("objPin", Errno.EEXIST);
    }
    if (!Files.isDirectory(p.getParent())) {
      throw new SyscallException("objPin", Errno.ENOENT);
    }
    try {
      Files.createFile(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pins.put(path, o);
  }

  @Override
  public Fd objGet(String path) throws SyscallException {
    enter("objGet");
    if (Files.isDirectory(Path.of(path))) {
      // The kernel answers EACCES for anything on a bpffs that is not a pinned object.
      throw new SyscallException("objGet", Errno.EACCES);
    }
    KernelObject o = pins.get(path);
    if (o == null) {
      throw new SyscallException("objGet", Errno.ENOENT);
    }
    return open(o);
  }

  @Override
  public MapInfo mapInfo(Fd map) throws SyscallException {
    enter("mapInfo");
    return objectOf(map, FakeMap.class, "mapInfo").info();
  }

  @Override
  public int objectId(Fd fd) throws SyscallException {
    enter("objectId");
    return objectOf(fd, KernelObject.class, "objectId").id();
  }

  @Override
  public int progType(Fd prog) throws SyscallException {
    enter("progType");
    return objectOf(prog, KernelObject.Program.class, "progType").load().type();
  }

  @Override
  public ProgInfo progInfo(Fd prog) throws SyscallException {
    enter("progInfo");
    KernelObject.Program p = objectOf(prog, KernelObject.Program.class, "progInfo");
    ProgLoad l = p.load();
    int slots = l.instructions().length / 8;
    return new ProgInfo(
        l.type(),
        p.id(),
        "0011223344556677",
        slots * 4,
        slots * 8,
        1_000_000L,
        0,
        0,
        l.name(),
        l.license().equals("GPL"),
        1,
        l.btf() == null ? 0 : 99,
        l.funcInfoCount(),
        l.lineInfoCount(),
        0,
        0,
        0,
        slots);
  }

  @Override
  public Fd btfById(int id) throws SyscallException {
    enter("btfById");
    for (KernelObject o : created) {
      if (o instanceof KernelObject.Btf && o.id() == id) {
        return open(o);
      }
    }
    throw new SyscallException("btfById", Errno.ENOENT);
  }

  @Override
  public byte[] btfBytes(Fd btf) throws SyscallException {
    enter("btfBytes");
    return objectOf(btf, KernelObject.Btf.class, "btfBytes").bytes.clone();
  }

  @Override
  public TestRun progTestRun(Fd prog, byte[] data, int repeat) throws SyscallException {
    enter("progTestRun");
    KernelObject.Program p = objectOf(prog, KernelObject.Program.class, "progTestRun");
    if (!p.type().runsOnPackets()) {
      throw new SyscallException("progTestRun", Errno.ENOTSUPP);
    }
    if (data.length < 14) {
      throw new SyscallException("progTestRun", Errno.EINVAL);
    }
    // Every fake program returns its instruction count and leaves the packet as it was.
    return new TestRun(p.load().instructions().length / 8, 42, data.clone());
  }

  @Override
  public Fd linkCreate(Fd prog, int ifindex, int attachType, int flags) throws SyscallException {
    enter("linkCreate");
    KernelObject.Program p = objectOf(prog, KernelObject.Program.class, "linkCreate");
    if (!interfaces.containsValue(ifindex)) {
      throw new SyscallException("linkCreate", Errno.ENODEV);
    }
    boolean fits =
        attachType == AttachType.XDP.kernelId()
            ? p.type() == ProgramType.XDP
            : (attachType == AttachType.TCX_INGRESS.kernelId()
                    || attachType == AttachType.TCX_EGRESS.kernelId())
                && p.type() == ProgramType.SCHED_CLS;
    if (!fits) {
      throw new SyscallException("linkCreate", Errno.EINVAL);
    }
    if (attachType == AttachType.XDP.kernelId() && (flags & 8) != 0) {
      // XDP_FLAGS_HW_MODE: like veth, the fake's interfaces cannot run BPF on a NIC.
      throw new SyscallException("linkCreate", Errno.EINVAL);
    }
    return open(create(new KernelObject.Link(nextId++, p, ifindex, attachType, null)));
  }

  @Override
  public Fd socket(int domain, int type, int protocol) throws SyscallException {
    enter("socket");
    return open(create(new KernelObject.Socket(nextId++, domain, type, protocol)));
  }

  @Override
  public void setsockopt(Fd socket, int level, int name, byte[] value) throws SyscallException {
    enter("setsockopt");
    KernelObject.Socket s = objectOf(socket, KernelObject.Socket.class, "setsockopt");
    if (level == 270) {
      return; // SOL_NETLINK: NETLINK_EXT_ACK
    }
    if (level != SOL_SOCKET) {
      throw new SyscallException("setsockopt", Errno.EINVAL);
    }
    if (name == SO_ATTACH_BPF) {
      int progFd = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getInt();
      if (!(fds.get(progFd) instanceof KernelObject.Program p)) {
        throw new SyscallException("setsockopt", Errno.EBADF);
      }
      if (p.type() != ProgramType.SOCKET_FILTER) {
        throw new SyscallException("setsockopt", Errno.EINVAL);
      }
      s.filter = p;
    } else if (name == SO_DETACH_BPF) {
      if (s.filter == null) {
        throw new SyscallException("setsockopt", Errno.ENOENT);
      }
      s.filter = null;
    } else {
      throw new SyscallException("setsockopt", Errno.EINVAL);
    }
  }

  @Override
  public void bind(Fd socket, byte[] address) throws SyscallException {
    enter("bind");
    objectOf(socket, KernelObject.Socket.class, "bind").boundTo = address.clone();
  }

  @Override
  public int ifNameToIndex(String name) {
    return interfaces.getOrDefault(name, 0);
  }

  @Override
  public String fdKind(Fd fd) {
    KernelObject o = fds.get(fd.get());
    return o == null ? "unknown" : o.kind();
  }

  @Override
  public String fileSystemType(Path path) {
    return path.toAbsolutePath().startsWith(bpffs) ? "bpf" : "ext4";
  }

  @Override
  public int possibleCpus() {
    return cpus;
  }

  @Override
  public long effectiveCapabilities() {
    return capabilities;
  }

  @Override
  public Fd perfEventOpen(PerfEventAttr attr, int pid, int cpu, Fd group) throws SyscallException {
    enter("perfEventOpen");
    return open(create(new KernelObject.PerfEvent(nextId++, attr, pid, cpu)));
  }

  /** {@code PERF_EVENT_IOC_SET_BPF} and {@code PERF_EVENT_IOC_ENABLE} on perf events. */
  @Override
  public void ioctl(Fd fd, long request, long arg) throws SyscallException {
    enter("ioctl");
    KernelObject.PerfEvent event = objectOf(fd, KernelObject.PerfEvent.class, "ioctl");
    if (request == 0x40042408L) {
      if (!(fds.get((int) arg) instanceof KernelObject.Program p)) {
        throw new SyscallException("ioctl", Errno.EBADF);
      }
      event.program = p;
    } else if (request == 0x2400L) {
      event.enabled = true;
    } else {
      throw new SyscallException("ioctl", 25 /* ENOTTY */);
    }
  }

  @Override
  public void close(int fd) {
    if (fds.remove(fd) == null) {
      closeErrors.add("close of fd " + fd + ", which is not open");
    }
  }

  // ---- attachments (issue 12) ----

  private final Map<Path, byte[]> kernelFiles = new HashMap<>();
  private final List<byte[]> netlinkSent = new ArrayList<>();
  private final Deque<byte[]> netlinkReplies = new ArrayDeque<>();
  private Function<byte[], List<byte[]>> netlink = FakeKernel::acknowledge;
  private boolean perfLinks = true;

  /** A kernel file (tracefs, sysfs, BTF) with {@code contents}. */
  public FakeKernel kernelFile(Path path, byte[] contents) {
    kernelFiles.put(path, contents.clone());
    return this;
  }

  public FakeKernel kernelFile(String path, String contents) {
    return kernelFile(Path.of(path), contents.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Whether {@code BPF_LINK_CREATE} takes perf events (5.15+); else EINVAL, as before. */
  public FakeKernel perfLinks(boolean supported) {
    this.perfLinks = supported;
    return this;
  }

  /** How the fake rtnetlink answers a request: the messages it sends back. */
  public FakeKernel netlink(Function<byte[], List<byte[]>> responder) {
    this.netlink = responder;
    return this;
  }

  /** Every netlink request sent, in order. */
  public List<byte[]> netlinkSent() {
    return List.copyOf(netlinkSent);
  }

  /** The plain acknowledgement ({@code NLMSG_ERROR} with error 0) of {@code request}. */
  public static List<byte[]> acknowledge(byte[] request) {
    return List.of(netlinkError(request, 0));
  }

  /** {@code NLMSG_ERROR} with {@code error} (0 or a negative errno) answering {@code request}. */
  public static byte[] netlinkError(byte[] request, int error) {
    ByteBuffer b = ByteBuffer.allocate(16 + 4 + 16).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer r = ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(36).putShort((short) 2).putShort((short) 0).putInt(r.getInt(8)).putInt(0);
    b.putInt(error);
    b.put(request, 0, 16);
    return b.array();
  }

  public List<KernelObject.PerfEvent> perfEvents() {
    return created.stream()
        .filter(o -> o instanceof KernelObject.PerfEvent)
        .map(o -> (KernelObject.PerfEvent) o)
        .toList();
  }

  @Override
  public Fd linkCreate(Fd prog, Fd target, int attachType, int flags) throws SyscallException {
    enter("linkCreate");
    KernelObject.Program p = objectOf(prog, KernelObject.Program.class, "linkCreate");
    KernelObject t = target == null ? null : objectOf(target, KernelObject.class, "linkCreate");
    if (attachType == AttachType.PERF_EVENT.kernelId()) {
      if (!perfLinks || !(t instanceof KernelObject.PerfEvent event)) {
        throw new SyscallException("linkCreate", Errno.EINVAL);
      }
      event.program = p;
    } else if (t == null) {
      // Attached by BTF id: the type must be what the program was loaded for.
      if (p.load().attachBtfId() == 0 || p.load().expectedAttachType() != attachType) {
        throw new SyscallException("linkCreate", Errno.EINVAL);
      }
    } else if (!(t instanceof KernelObject.Directory)
        || p.load().expectedAttachType() != attachType) {
      throw new SyscallException("linkCreate", Errno.EINVAL);
    }
    return open(create(new KernelObject.Link(nextId++, p, 0, attachType, t)));
  }

  @Override
  public Fd rawTracepointOpen(Fd prog, String name) throws SyscallException {
    enter("rawTracepointOpen");
    KernelObject.Program p = objectOf(prog, KernelObject.Program.class, "rawTracepointOpen");
    if (name == null ? p.load().attachBtfId() == 0 : p.type() != ProgramType.RAW_TRACEPOINT) {
      throw new SyscallException("rawTracepointOpen", Errno.EINVAL);
    }
    KernelObject.Link link = new KernelObject.Link(nextId++, p, 0, 0, null);
    link.rawTracepoint = name;
    return open(create(link));
  }

  @Override
  public Fd openReadOnly(Path path) throws SyscallException {
    enter("openReadOnly");
    if (!Files.isDirectory(path)) {
      throw new SyscallException("openReadOnly", Errno.ENOENT);
    }
    return open(create(new KernelObject.Directory(nextId++, path)));
  }

  @Override
  public byte[] readKernelFile(Path path) throws SyscallException {
    enter("readKernelFile");
    byte[] b = kernelFiles.get(path);
    if (b == null) {
      throw new SyscallException("readKernelFile", Errno.ENOENT);
    }
    return b.clone();
  }

  @Override
  public void send(Fd socket, byte[] message) throws SyscallException {
    enter("send");
    objectOf(socket, KernelObject.Socket.class, "send");
    netlinkSent.add(message.clone());
    netlinkReplies.addAll(netlink.apply(message.clone()));
  }

  @Override
  public int receive(Fd socket, byte[] buffer) throws SyscallException {
    enter("receive");
    objectOf(socket, KernelObject.Socket.class, "receive");
    byte[] next = netlinkReplies.poll();
    if (next == null) {
      throw new SyscallException("receive", Errno.EAGAIN);
    }
    System.arraycopy(next, 0, buffer, 0, next.length);
    return next.length;
  }

  // ---- event readers: mmap of ring buffers, epoll and eventfd ----

  private static final int PAGE_SIZE = 4096;
  private final Map<FakeMap, FakeRingBuffer> ringBuffers = new ConcurrentHashMap<>();
  private int[] onlineCpus;

  /** The kernel side of ring buffer map {@code name}, made when the map was first mapped. */
  public FakeRingBuffer ringBuffer(String name) {
    return ringBufferOf(map(name));
  }

  private FakeRingBuffer ringBufferOf(FakeMap m) {
    return ringBuffers.computeIfAbsent(
        m, k -> new FakeRingBuffer(PAGE_SIZE, k.create().maxEntries()));
  }

  public FakeKernel onlineCpus(int... cpus) {
    this.onlineCpus = cpus.clone();
    return this;
  }

  @Override
  public int pageSize() {
    return PAGE_SIZE;
  }

  @Override
  public int[] onlineCpus() {
    if (onlineCpus != null) {
      return onlineCpus.clone();
    }
    int[] all = new int[cpus];
    for (int i = 0; i < cpus; i++) {
      all[i] = i;
    }
    return all;
  }

  @Override
  public MappedMemory mmap(Fd fd, long offset, long length, boolean writable)
      throws SyscallException {
    enter("mmap");
    FakeMap m = objectOf(fd, FakeMap.class, "mmap");
    if (m.type() != MapType.RINGBUF) {
      throw new SyscallException("mmap", Errno.EINVAL);
    }
    return ringBufferOf(m).map(offset, length, writable);
  }

  @Override
  public Fd epollCreate() throws SyscallException {
    enter("epollCreate");
    return open(new FakeEpoll(nextId++));
  }

  @Override
  public void epollAdd(Fd epoll, Fd fd, long data) throws SyscallException {
    enter("epollAdd");
    FakeEpoll e = objectOf(epoll, FakeEpoll.class, "epollAdd");
    KernelObject o = fds.get(fd.get());
    java.util.function.BooleanSupplier readable;
    if (o instanceof FakeEpoll.EventFd ev) {
      readable = () -> ev.signalled;
    } else if (o instanceof FakeMap m && m.type() == MapType.RINGBUF) {
      FakeRingBuffer ring = ringBufferOf(m);
      readable = ring::readable;
    } else {
      throw new SyscallException("epollAdd", o == null ? Errno.EBADF : Errno.EPERM);
    }
    synchronized (e) {
      if (e.watched.putIfAbsent(fd.get(), new FakeEpoll.Watch(data, readable)) != null) {
        throw new SyscallException("epollAdd", Errno.EEXIST);
      }
    }
  }

  @Override
  public void epollDelete(Fd epoll, Fd fd) throws SyscallException {
    enter("epollDelete");
    FakeEpoll e = objectOf(epoll, FakeEpoll.class, "epollDelete");
    synchronized (e) {
      if (e.watched.remove(fd.get()) == null) {
        throw new SyscallException("epollDelete", Errno.ENOENT);
      }
    }
  }

  /**
   * Level-triggered, as the kernel's: reports every watched fd readable now; sleeps in 1 ms steps.
   */
  @Override
  public int epollWait(Fd epoll, long[] ready, int timeoutMillis) throws SyscallException {
    enter("epollWait");
    FakeEpoll e = objectOf(epoll, FakeEpoll.class, "epollWait");
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (true) {
      int n = 0;
      synchronized (e) {
        for (FakeEpoll.Watch w : e.watched.values()) {
          if (n < ready.length && w.readable().getAsBoolean()) {
            ready[n++] = w.tag();
          }
        }
      }
      if (n > 0 || timeoutMillis == 0 || timeoutMillis > 0 && System.nanoTime() >= deadline) {
        return n;
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
  }

  @Override
  public Fd eventFd() throws SyscallException {
    enter("eventFd");
    return open(new FakeEpoll.EventFd(nextId++));
  }

  @Override
  public void eventFdSignal(Fd eventFd) throws SyscallException {
    objectOf(eventFd, FakeEpoll.EventFd.class, "eventFdSignal").signalled = true;
  }

  // ---- Queue and stack maps

  @Override
  public void mapPush(Fd map, byte[] value, long flags) throws SyscallException {
    enter("mapPush");
    objectOf(map, FakeMap.class, "mapPush").push(value, flags);
  }

  @Override
  public byte[] mapPop(Fd map, int valueSize) throws SyscallException {
    enter("mapPop");
    return objectOf(map, FakeMap.class, "mapPop").pop(valueSize, true);
  }

  @Override
  public byte[] mapPeek(Fd map, int valueSize) throws SyscallException {
    enter("mapPeek");
    return objectOf(map, FakeMap.class, "mapPeek").pop(valueSize, false);
  }
}
