package io.bpf4j.runtime.fake;

import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.sys.Kernel.ProgLoad;

/**
 * A map, program, BTF, link or socket of the fake kernel; its kind as {@code /proc/self/fd} names
 * it.
 */
public abstract class KernelObject {
  private final int id;
  private final String kind;

  KernelObject(int id, String kind) {
    this.id = id;
    this.kind = kind;
  }

  public int id() {
    return id;
  }

  public String kind() {
    return kind;
  }

  /** A loaded program: what {@code BPF_PROG_LOAD} was given. */
  public static final class Program extends KernelObject {
    private final ProgLoad load;

    Program(int id, ProgLoad load) {
      super(id, "bpf-prog");
      this.load = load;
    }

    public ProgLoad load() {
      return load;
    }

    public ProgramType type() {
      return ProgramType.of(load.type());
    }
  }

  /** Loaded BTF. */
  public static final class Btf extends KernelObject {
    final byte[] bytes;

    Btf(int id, byte[] bytes) {
      super(id, "btf");
      this.bytes = bytes.clone();
    }
  }

  /**
   * A link: which program, where (an interface, or a target object: a perf event, a cgroup
   * directory; a raw tracepoint by name), how.
   */
  public static final class Link extends KernelObject {
    public final Program program;
    public final int ifindex;
    public final int attachType;
    public final KernelObject target;
    public String rawTracepoint;

    Link(int id, Program program, int ifindex, int attachType, KernelObject target) {
      super(id, "bpf_link");
      this.program = program;
      this.ifindex = ifindex;
      this.attachType = attachType;
      this.target = target;
    }
  }

  /** A perf event: what it was opened with, and the program put on it. */
  public static final class PerfEvent extends KernelObject {
    public final io.bpf4j.runtime.sys.Kernel.PerfEventAttr attr;
    public final int pid;
    public final int cpu;
    public Program program;
    public boolean enabled;

    PerfEvent(int id, io.bpf4j.runtime.sys.Kernel.PerfEventAttr attr, int pid, int cpu) {
      super(id, "[perf_event]");
      this.attr = attr;
      this.pid = pid;
      this.cpu = cpu;
    }
  }

  /** An open directory (a cgroup). */
  public static final class Directory extends KernelObject {
    public final java.nio.file.Path path;

    Directory(int id, java.nio.file.Path path) {
      super(id, path.toString());
      this.path = path;
    }
  }

  /** A socket and the filter attached to it. */
  public static final class Socket extends KernelObject {
    public final int domain;
    public final int type;
    public final int protocol;
    public byte[] boundTo;
    public Program filter;

    Socket(int id, int domain, int type, int protocol) {
      super(id, "socket:[" + id + "]");
      this.domain = domain;
      this.type = type;
      this.protocol = protocol;
    }
  }
}
