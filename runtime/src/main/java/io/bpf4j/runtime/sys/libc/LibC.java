package io.bpf4j.runtime.sys.libc;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.SaveError;

/**
 * The libc functions the runtime calls: the only native code it needs. Internal: public, and its
 * package exported, only because jnr-ffi implements this interface in a class loader of its own.
 */
public interface LibC {
  @SaveError
  long syscall(long number, long arg1, Pointer arg2, long arg3);

  /** The same {@code syscall(2)} with the argument shape of {@code perf_event_open}. */
  @SaveError
  long syscall(long number, Pointer arg1, long arg2, long arg3, long arg4, long arg5);

  @SaveError
  int ioctl(int fd, long request, long arg);

  @SaveError
  int socket(int domain, int type, int protocol);

  @SaveError
  int setsockopt(int fd, int level, int optname, Pointer optval, int optlen);

  @SaveError
  int bind(int fd, Pointer addr, int addrlen);

  @SaveError
  int close(int fd);

  @SaveError
  int if_nametoindex(String name);

  // ---- attachments: cgroup directories and rtnetlink ----

  @SaveError
  int open(String path, int flags);

  @SaveError
  long send(int fd, Pointer buf, long len, int flags);

  @SaveError
  long recv(int fd, Pointer buf, long len, int flags);

  // ---- event readers: shared memory with the kernel and waiting for it ----

  /**
   * Returns the mapping, or the address -1 ({@code MAP_FAILED}). Declared with pointers: jnr-ffi
   * 2.2 passes this six-argument signature wrongly when every argument is a Java long or int (glibc
   * then answers EINVAL without making the system call).
   */
  @SaveError
  Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

  @SaveError
  int munmap(Pointer addr, long length);

  @SaveError
  int epoll_create1(int flags);

  @SaveError
  int epoll_ctl(int epfd, int op, int fd, Pointer event);

  @SaveError
  int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);

  @SaveError
  int eventfd(int initval, int flags);

  @SaveError
  long write(int fd, Pointer buf, long count);

  long sysconf(int name);
}
