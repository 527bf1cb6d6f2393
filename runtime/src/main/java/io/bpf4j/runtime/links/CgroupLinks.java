package io.bpf4j.runtime.links;

import io.bpf4j.object.kernel.AttachType;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.file.Path;

/**
 * Cgroup attachments ({@code cgroup_skb/*}, {@code cgroup/sock_create} and the other {@code
 * cgroup/} hooks, {@code sockops}): a {@code BPF_LINK_CREATE} whose target is an fd of the cgroup
 * v2 directory (5.7+), with the program's expected attach type. The link holds the cgroup, so the
 * directory's fd is closed at once.
 */
public final class CgroupLinks {
  private CgroupLinks() {}

  public static Attachment attach(
      Kernel kernel, Fd program, String programName, Path cgroupDir, AttachType attachType) {
    if (attachType == null) {
      throw new BpfException(
          0,
          "program "
              + programName
              + " has no expected attach type (its section does not say which cgroup hook);"
              + " name the hook: Links.cgroup(program, cgroupDir, AttachType.CGROUP_INET_EGRESS)");
    }
    String description = "cgroup " + attachType.name().toLowerCase() + " on " + cgroupDir;
    Fd cgroup;
    try {
      cgroup = kernel.openReadOnly(cgroupDir);
    } catch (SyscallException e) {
      if (e.errno() == Errno.ENOENT) {
        throw new BpfException(
            e.errno(), "no cgroup directory " + cgroupDir + " (create it with mkdir)", e);
      }
      throw Errors.of(e, "opening cgroup " + cgroupDir);
    }
    try (cgroup) {
      return new LinkFdAttachment(
          kernel, description, kernel.linkCreate(program, cgroup, attachType.kernelId(), 0));
    } catch (SyscallException e) {
      throw Errors.of(
          e,
          "attaching " + programName + " as " + description,
          cgroupDir
              + " is not a directory of the cgroup v2 hierarchy (mount -t cgroup2 none"
              + " /sys/fs/cgroup), or the program's type does not fit hook "
              + attachType);
    }
  }
}
