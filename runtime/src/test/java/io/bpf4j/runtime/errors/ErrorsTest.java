package io.bpf4j.runtime.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.sys.SyscallException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The advice for each errno, the message format, and what the exception keeps. */
class ErrorsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1|EPERM|permission denied: run as root, or grant the process CAP_BPF (plus CAP_NET_ADMIN"
            + " to attach network programs and CAP_PERFMON for tracing programs)",
        "13|EACCES|permission denied: run as root, or grant the process CAP_BPF (plus"
            + " CAP_NET_ADMIN to attach network programs and CAP_PERFMON for tracing programs)",
        "22|EINVAL|the key is too long",
        "7|E2BIG|the key is too long",
        "12|ENOMEM|the kernel is out of memory for BPF objects (a map too large?)",
        "9|EBADF|a file descriptor was closed too early",
        "28|ENOSPC|no space left (map full, or a buffer too small)",
        "17|EEXIST|it already exists",
        "2|ENOENT|it does not exist",
        "16|EBUSY|the target is busy (already attached?)",
        "95|EOPNOTSUPP|this kernel does not support it",
        "524|ENOTSUPP|this kernel does not support it",
        "14|EFAULT|a bad address was passed to the kernel (a bpf4j bug; please report it)",
        "19|ENODEV|there is no such device (network interface?)",
        "36|ENAMETOOLONG|a path or name is too long (a file name may have 255 bytes, a path 4095)",
        "71|errno 71|an error bpf4j does not interpret; see errno(3) for errno 71",
      })
  void eachErrnoHasItsAdvice(int errno, String name, String advice) {
    SyscallException cause = new SyscallException("bpf(MAP_UPDATE_ELEM)", errno);
    BpfException e = Errors.of(cause, "update of map m", "the key is too long");
    assertEquals("update of map m failed (" + name + "): " + advice, e.getMessage());
    assertEquals(errno, e.errno());
    assertSame(cause, e.getCause());
  }

  @ParameterizedTest
  @CsvSource({"22", "7"})
  void withoutAnExplanationAnInvalidAttributeIsCalledThat(int errno) {
    BpfException e = Errors.of(new SyscallException("bpf(PROG_LOAD)", errno), "loading x");
    assertEquals(
        "loading x failed ("
            + Errno.name(errno)
            + "): the kernel rejected an attribute of the call",
        e.getMessage());
  }
}
