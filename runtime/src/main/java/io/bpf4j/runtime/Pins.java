package io.bpf4j.runtime;

import io.bpf4j.runtime.sys.BpfSys;
import io.bpf4j.runtime.sys.Errno;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Syscalls.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Pinning objects in, and opening them from, a BPF filesystem. */
final class Pins {
  private Pins() {}

  /** Throws unless {@code path}'s nearest existing ancestor is on a bpffs. */
  static void requireBpffs(Path path) {
    Path p = path.toAbsolutePath();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    String type;
    try {
      type = p == null ? "none" : Files.getFileStore(p).type();
    } catch (IOException e) {
      type = "unknown";
    }
    if (!type.equals("bpf")) {
      throw new BpfException(
          0,
          path
              + " is not on a BPF filesystem (bpffs), it is on "
              + type
              + "; "
              + Errors.MOUNT_BPFFS);
    }
  }

  static void pin(Fd fd, Path path, String what) {
    requireBpffs(path);
    try {
      Files.createDirectories(path.getParent());
    } catch (IOException e) {
      throw new BpfException(0, "cannot create " + path.getParent() + ": " + e.getMessage(), e);
    }
    try {
      BpfSys.pin(fd, path.toString());
    } catch (SyscallException e) {
      if (e.errno() == Errno.EEXIST) {
        throw new BpfException(
            e.errno(),
            "cannot pin "
                + what
                + " at "
                + path
                + ": something is already pinned there; remove it (rm "
                + path
                + ") or pin elsewhere",
            e);
      }
      throw Errors.of(e, "pinning " + what + " at " + path);
    }
  }

  /** What {@code /proc/self/fd} calls maps and programs. */
  static final String MAP = "bpf-map";

  static final String PROGRAM = "bpf-prog";

  /** Opens the pinned object at {@code path}, which must be of {@code kind} (MAP or PROGRAM). */
  static Fd open(Path path, String what, String kind) {
    Fd fd = open(path, what);
    String actual = fd.kind();
    if (!actual.equals(kind)) {
      fd.close();
      throw new BpfException(
          0,
          path
              + " holds "
              + describe(actual)
              + ", not "
              + describe(kind)
              + " ("
              + what
              + " expected)");
    }
    return fd;
  }

  private static String describe(String kind) {
    return switch (kind) {
      case MAP -> "a map";
      case PROGRAM -> "a program";
      case "bpf_link" -> "a link";
      default -> "a " + kind + " object";
    };
  }

  static Fd open(Path path, String what) {
    requireBpffs(path);
    try {
      return BpfSys.objGet(path.toString());
    } catch (SyscallException e) {
      if (e.errno() == Errno.ENOENT) {
        throw new BpfException(
            e.errno(),
            "nothing is pinned at " + path + " (" + what + " expected); load and pin it first",
            e);
      }
      throw Errors.of(e, "opening pinned " + what + " " + path);
    }
  }
}
