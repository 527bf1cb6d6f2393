package io.bpf4j.runtime;

import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.pins.Pins;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.file.Path;

/** A {@code BPF_MAP_TYPE_PROG_ARRAY}: the slots that {@code bpf_tail_call} jumps through. */
public final class ProgArrayHandle implements AutoCloseable {
  private final Kernel kernel;
  private final String name;
  private final Fd fd;
  private final boolean ownsFd;
  private final int maxEntries;

  ProgArrayHandle(Kernel kernel, String name, Fd fd, boolean ownsFd, int maxEntries) {
    this.kernel = kernel;
    this.name = name;
    this.fd = fd;
    this.ownsFd = ownsFd;
    fd.describe("prog array " + name);
    this.maxEntries = maxEntries;
  }

  /** Opens the prog array pinned at {@code path}, checking that it is one. */
  public static ProgArrayHandle openPinned(Path path) {
    return openPinned(SystemKernel.get(), path);
  }

  static ProgArrayHandle openPinned(Kernel kernel, Path path) {
    Fd fd = new Pins(kernel).open(path, "prog array", Pins.MAP);
    try {
      Kernel.MapInfo info = kernel.mapInfo(fd);
      if (info.type() != MapType.PROG_ARRAY.kernelId()) {
        throw new BpfException(
            0, path + " is a map of type " + info.type() + ", not a prog array (type 3)");
      }
      return new ProgArrayHandle(
          kernel, path.getFileName().toString(), fd, true, info.maxEntries());
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

  public int maxEntries() {
    return maxEntries;
  }

  /** Places {@code program} in slot {@code index}: tail calls to that slot now reach it. */
  public void set(int index, BpfProgram program) {
    checkIndex(index);
    byte[] key = le(index);
    // The program's fd number is the value: hold it open until the kernel has taken its reference.
    Fd prog = program.fdHandle();
    byte[] value = le(prog.acquire());
    try {
      kernel.mapUpdate(fd, key, value, 0);
    } catch (SyscallException e) {
      throw Errors.of(
          e,
          "setting slot " + index + " of prog array " + name,
          "the program's type differs from the programs that tail-call through this array");
    } finally {
      prog.release();
    }
  }

  /** Empties slot {@code index}: tail calls to it fall through again. */
  public void clear(int index) {
    checkIndex(index);
    try {
      kernel.mapDelete(fd, le(index));
    } catch (SyscallException e) {
      throw Errors.of(e, "clearing slot " + index + " of prog array " + name);
    }
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= maxEntries) {
      throw new IndexOutOfBoundsException(
          "slot " + index + " of prog array " + name + " with " + maxEntries + " slots");
    }
  }

  private static byte[] le(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  public void pin(Path path) {
    new Pins(kernel).pin(fd, path, "prog array " + name);
  }

  @Override
  public void close() {
    if (ownsFd) {
      fd.close();
    }
  }
}
