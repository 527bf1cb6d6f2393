package io.bpf4j.runtime;

import io.bpf4j.runtime.sys.BpfSys;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Syscalls.SyscallException;
import java.nio.file.Path;

/** A {@code BPF_MAP_TYPE_PROG_ARRAY}: the slots that {@code bpf_tail_call} jumps through. */
public final class ProgArrayHandle implements AutoCloseable {
  private final String name;
  private final Fd fd;
  private final boolean ownsFd;
  private final int maxEntries;

  ProgArrayHandle(String name, Fd fd, boolean ownsFd, int maxEntries) {
    this.name = name;
    this.fd = fd;
    this.ownsFd = ownsFd;
    this.maxEntries = maxEntries;
  }

  /** Opens the prog array pinned at {@code path}, checking that it is one. */
  public static ProgArrayHandle openPinned(Path path) {
    Fd fd = Pins.open(path, "prog array", Pins.MAP);
    try {
      BpfSys.MapInfo info = BpfSys.mapInfo(fd);
      if (info.type() != MapHandle.TYPE_PROG_ARRAY) {
        throw new BpfException(
            0, path + " is a map of type " + info.type() + ", not a prog array (type 3)");
      }
      return new ProgArrayHandle(path.getFileName().toString(), fd, true, info.maxEntries());
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
    byte[] value = le(program.fd());
    try {
      BpfSys.update(fd, key, value, 0);
    } catch (SyscallException e) {
      throw Errors.of(
          e,
          "setting slot " + index + " of prog array " + name,
          "the program's type differs from the programs that tail-call through this array");
    }
  }

  /** Empties slot {@code index}: tail calls to it fall through again. */
  public void clear(int index) {
    checkIndex(index);
    try {
      BpfSys.delete(fd, le(index));
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
    Pins.pin(fd, path, "prog array " + name);
  }

  @Override
  public void close() {
    if (ownsFd) {
      fd.close();
    }
  }
}
