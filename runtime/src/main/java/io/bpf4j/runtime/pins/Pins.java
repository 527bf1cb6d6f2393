package io.bpf4j.runtime.pins;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.errors.Capability;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.EnumSet;

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
              + " is not on a BPF filesystem (bpffs)"
              + (type.equals("none") || type.equals("unknown") ? "" : ", it is on " + type)
              + "; pins live on a bpffs, usually /sys/fs/bpf; "
              + Errors.MOUNT_BPFFS);
    }
  }

  /**
   * The exception for a failed {@code BPF_OBJ_PIN} of {@code what} at {@code path}: what is in the
   * way, which directory is missing, or which file system is wrong.
   */
  public BpfException pinFailure(SyscallException e, Path path, String what) {
    String where = "cannot pin " + what + " at " + path;
    return switch (e.errno()) {
      case Errno.EEXIST ->
          new BpfException(
              e.errno(),
              where
                  + ": "
                  + (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                      ? "a directory is there"
                      : "something is already pinned there")
                  + "; remove it (rm "
                  + (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "-r " : "")
                  + path
                  + ") or pin elsewhere",
              e);
      case Errno.ENOENT ->
          new BpfException(
              e.errno(),
              where
                  + ": the directory "
                  + path.getParent()
                  + " does not exist; create it on the bpffs (mkdir -p "
                  + path.getParent()
                  + "), and if /sys/fs/bpf is not a bpffs, "
                  + Errors.MOUNT_BPFFS,
              e);
      case Errno.EPERM, Errno.EACCES ->
          kernel.fileSystemType(path).equals("bpf")
              ? Errors.of(
                  e,
                  "pinning " + what + " at " + path,
                  "",
                  kernel.effectiveCapabilities(),
                  EnumSet.of(Capability.BPF),
                  "pins")
              : new BpfException(
                  e.errno(),
                  where
                      + ": "
                      + path.getParent()
                      + " is not on a BPF filesystem (bpffs); "
                      + Errors.MOUNT_BPFFS,
                  e);
      default -> Errors.of(e, "pinning " + what + " at " + path);
    };
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
      throw pinFailure(e, path, what);
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
              + " is "
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
      throw openFailure(e, path, what);
    }
  }

  /**
   * The exception for a failed {@code BPF_OBJ_GET}: the kernel answers EACCES for anything on a
   * bpffs that is not a pinned object (a directory, say), which is no matter of privileges.
   */
  private BpfException openFailure(SyscallException e, Path path, String what) {
    String expected = " (" + what + " expected)";
    if (e.errno() == Errno.ENOENT) {
      return new BpfException(
          e.errno(), "nothing is pinned at " + path + expected + "; load and pin it first", e);
    }
    if (e.errno() == Errno.EACCES || e.errno() == Errno.EPERM) {
      if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        return new BpfException(
            e.errno(),
            path
                + " is a directory, not a pinned object"
                + expected
                + "; give the path of the object inside it (ls "
                + path
                + ")",
            e);
      }
      if (Capability.BPF.grantedBy(kernel.effectiveCapabilities())
          && kernel.effectiveCapabilities() >= 0) {
        return new BpfException(
            e.errno(),
            "cannot open "
                + path
                + expected
                + " ("
                + Errno.name(e.errno())
                + ") although the process has CAP_BPF: what is there is not a pinned map,"
                + " program or link, or its file mode (ls -l "
                + path
                + ") does not let this user open it",
            e);
      }
      return Errors.of(
          e,
          "opening pinned " + what + " " + path,
          "",
          kernel.effectiveCapabilities(),
          EnumSet.of(Capability.BPF),
          "pinned objects");
    }
    return Errors.of(e, "opening pinned " + what + " " + path);
  }
}
