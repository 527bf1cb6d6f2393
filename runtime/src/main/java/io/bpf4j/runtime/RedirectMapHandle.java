package io.bpf4j.runtime;

import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.pins.Pins;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The targets of {@code bpf_redirect_map}: a {@code DEVMAP} or {@code DEVMAP_HASH} (key to
 * interface, kernel 4.14+/5.4+), a {@code CPUMAP} (CPU to the size of its queue, 4.15+) or an
 * {@code XSKMAP} (receive queue to an AF_XDP socket, 4.18+). A value is a u32, or with a second u32
 * the fd of a program that runs on the frame at the target ({@code struct bpf_devmap_val}, {@code
 * struct bpf_cpumap_val}, kernel 5.8+/5.9+; the program's section is {@code xdp/devmap} or {@code
 * xdp/cpumap}).
 */
public final class RedirectMapHandle implements AutoCloseable {
  private final Kernel kernel;
  private final String name;
  private final Fd fd;
  private final boolean ownsFd;
  private final MapType type;
  private final int valueSize;
  private final int maxEntries;

  RedirectMapHandle(Kernel kernel, String name, Fd fd, boolean ownsFd, Kernel.MapInfo info) {
    MapType t = MapType.of(info.type());
    if (!t.redirectTarget()) {
      throw new BpfException(
          0,
          "map "
              + name
              + " is a "
              + t
              + " map, not a redirect map (DEVMAP, DEVMAP_HASH, CPUMAP, XSKMAP); use MapHandle");
    }
    this.kernel = kernel;
    this.name = name;
    this.fd = fd;
    this.ownsFd = ownsFd;
    fd.describe(t + " " + name);
    this.type = t;
    this.valueSize = info.valueSize();
    this.maxEntries = info.maxEntries();
  }

  /** Opens the redirect map pinned at {@code path}. */
  public static RedirectMapHandle openPinned(Path path) {
    Kernel kernel = SystemKernel.get();
    Fd fd = new Pins(kernel).open(path, "redirect map", Pins.MAP);
    try {
      return new RedirectMapHandle(
          kernel, path.getFileName().toString(), fd, true, kernel.mapInfo(fd));
    } catch (SyscallException e) {
      fd.close();
      throw Errors.of(e, "reading the map pinned at " + path, path + " is not a map");
    } catch (RuntimeException e) {
      fd.close();
      throw e;
    }
  }

  public String name() {
    return name;
  }

  public MapType type() {
    return type;
  }

  public int maxEntries() {
    return maxEntries;
  }

  public int fd() {
    return fd.get();
  }

  /** DEVMAP, DEVMAP_HASH: frames redirected with {@code key} leave through {@code ifindex}. */
  public void putInterface(int key, int ifindex) {
    requireType("putInterface", MapType.DEVMAP, MapType.DEVMAP_HASH);
    put(key, ifindex, null, "interface " + ifindex);
  }

  /**
   * As {@link #putInterface(int, int)}, and {@code program} (section {@code xdp/devmap}) runs on
   * each frame before it leaves; the map's value must be {@code struct bpf_devmap_val} (8 bytes).
   */
  public void putInterface(int key, int ifindex, BpfProgram program) {
    requireType("putInterface", MapType.DEVMAP, MapType.DEVMAP_HASH);
    put(key, ifindex, program, "interface " + ifindex + " with program " + program.name());
  }

  /**
   * CPUMAP: frames redirected to {@code cpu} are queued there ({@code queueSize} frames, e.g. 192)
   * and enter the network stack on that CPU.
   */
  public void putCpu(int cpu, int queueSize) {
    requireType("putCpu", MapType.CPUMAP);
    put(cpu, queueSize, null, "a queue of " + queueSize);
  }

  /** As {@link #putCpu(int, int)}, with a program (section {@code xdp/cpumap}) run on that CPU. */
  public void putCpu(int cpu, int queueSize, BpfProgram program) {
    requireType("putCpu", MapType.CPUMAP);
    put(cpu, queueSize, program, "a queue of " + queueSize + " with program " + program.name());
  }

  /** XSKMAP: frames redirected with {@code queue} go to the AF_XDP socket {@code xskFd}. */
  public void putSocket(int queue, int xskFd) {
    requireType("putSocket", MapType.XSKMAP);
    put(queue, xskFd, null, "AF_XDP socket fd " + xskFd);
  }

  /**
   * The interface (DEVMAP), the queue size (CPUMAP) under {@code key}, or empty; an XSKMAP cannot
   * be read from user space.
   */
  public OptionalInt get(int key) {
    if (type == MapType.XSKMAP) {
      throw new BpfException(0, "an XSKMAP cannot be read from user space (EOPNOTSUPP)");
    }
    try {
      byte[] v = kernel.mapLookup(fd, le(key), valueSize);
      return v == null ? OptionalInt.empty() : OptionalInt.of(u32(v));
    } catch (SyscallException e) {
      if (e.errno() == io.bpf4j.object.kernel.Errno.ENOENT) {
        return OptionalInt.empty();
      }
      throw Errors.of(e, "reading key " + key + " of " + type + " " + name);
    }
  }

  /** Removes the target under {@code key}; false when there was none. */
  public boolean delete(int key) {
    try {
      return kernel.mapDelete(fd, le(key));
    } catch (SyscallException e) {
      throw Errors.of(e, "deleting key " + key + " of " + type + " " + name);
    }
  }

  private void put(int key, int target, BpfProgram program, String what) {
    if (program != null && valueSize < 8) {
      throw new BpfException(
          0,
          type
              + " "
              + name
              + " has 4-byte values, which hold no program: declare its value as a @Struct of"
              + " two ints (target, program fd)");
    }
    Fd prog = program == null ? null : program.fdHandle();
    byte[] value = new byte[valueSize];
    putLe(value, 0, target);
    try {
      if (prog != null) {
        putLe(value, 4, prog.acquire());
      }
      kernel.mapUpdate(fd, le(key), value, 0);
    } catch (SyscallException e) {
      throw Errors.of(
          e,
          "putting " + what + " under key " + key + " of " + type + " " + name,
          type == MapType.DEVMAP_HASH
              ? "the interface does not exist, or the map is full"
              : "the key is past max_entries ("
                  + maxEntries
                  + "), the target does not exist (interface, CPU, socket), or the program's"
                  + " section is not xdp/devmap or xdp/cpumap");
    } finally {
      if (prog != null) {
        prog.release();
      }
    }
  }

  private void requireType(String method, MapType... allowed) {
    for (MapType t : allowed) {
      if (t == type) {
        return;
      }
    }
    throw new BpfException(0, method + " does not fit " + type + " " + name);
  }

  private static byte[] le(int v) {
    byte[] b = new byte[4];
    putLe(b, 0, v);
    return b;
  }

  private static void putLe(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }

  private static int u32(byte[] b) {
    return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
  }

  @Override
  public void close() {
    if (ownsFd) {
      fd.close();
    }
  }
}
