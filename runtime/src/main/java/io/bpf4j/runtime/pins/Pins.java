package io.bpf4j.runtime.pins;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Pinning objects in, and opening them from, a BPF filesystem. */
public final class Pins {
  /** What {@code /proc/self/fd} calls maps and programs. */
  public static final String MAP = "bpf-map";

  public static final String PROGRAM = "bpf-prog";

  private final Kernel kernel;

  public Pins(Kernel kernel) {
    this.kernel = kernel;
  }

  /** Throws unless {@code path}'s nearest existing ancestor is on a bpffs. */
  public void requireBpffs(Path path) {
    String type = kernel.fileSystemType(path);
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

  /** Pins {@code fd} at {@code path}, creating the directories above it. */
  public void pin(Fd fd, Path path, String what) {
    requireBpffs(path);
    try {
      Files.createDirectories(path.getParent());
    } catch (IOException e) {
      throw new BpfException(0, "cannot create " + path.getParent() + ": " + e.getMessage(), e);
    }
    try {
      kernel.objPin(fd, path.toString());
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

  /**
   * Pins {@code fd} at {@code path} unless that very object is pinned there already (pinning an
   * object twice at one path is harmless; another object there is an error).
   */
  public void pinOnce(Fd fd, Path path, String what) {
    if (Files.exists(path) && samePinned(fd, path)) {
      return;
    }
    pin(fd, path, what);
  }

  private boolean samePinned(Fd fd, Path path) {
    try (Fd other = kernel.objGet(path.toString())) {
      return kernel.objectId(other) == kernel.objectId(fd);
    } catch (SyscallException e) {
      if (e.errno() == Errno.EPERM) {
        throw Errors.of(e, "checking " + path);
      }
      return false;
    }
  }

  /** Opens the pinned object at {@code path}, which must be of {@code kind} (MAP or PROGRAM). */
  public Fd open(Path path, String what, String kind) {
    Fd fd = open(path, what);
    String actual = kernel.fdKind(fd);
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

  /** Opens the pinned object at {@code path}, of any kind. */
  public Fd open(Path path, String what) {
    requireBpffs(path);
    try {
      return kernel.objGet(path.toString());
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
