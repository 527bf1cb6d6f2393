package io.bpf4j.runtime.sys;

import io.bpf4j.object.kernel.Errno;
import jnr.ffi.Pointer;

/**
 * The system calls of the event readers, under {@link LinuxKernel}: {@code mmap} of ring buffers
 * and perf rings, {@code epoll} to sleep until the kernel has data, and an {@code eventfd} that
 * another thread writes to wake a sleeping reader. Every fd is taken with {@link Fd#acquire()} for
 * the duration of the call.
 */
final class EventCalls {
  private static final int PROT_READ = 1;
  private static final int PROT_WRITE = 2;
  private static final int MAP_SHARED = 1;
  private static final int EPOLL_CLOEXEC = 0x80000;
  private static final int EPOLL_CTL_ADD = 1;
  private static final int EPOLL_CTL_DEL = 2;
  private static final int EPOLLIN = 1;
  private static final int EFD_CLOEXEC = 0x80000;
  private static final int EFD_NONBLOCK = 0x800;
  private static final int SC_PAGESIZE = 30;

  /**
   * {@code struct epoll_event} is packed on x86-64 (u32 events, then u64 data at offset 4: 12
   * bytes) and naturally aligned elsewhere (data at 8: 16 bytes).
   */
  private static final boolean PACKED_EPOLL_EVENT =
      switch (System.getProperty("os.arch", "")) {
        case "amd64", "x86_64" -> true;
        default -> false;
      };

  private static final int EVENT_SIZE = PACKED_EPOLL_EVENT ? 12 : 16;
  private static final int EVENT_DATA = PACKED_EPOLL_EVENT ? 4 : 8;

  /** Most events one {@code epoll_wait} returns; more stay ready for the next call. */
  static final int MAX_EVENTS = 64;

  /** One events array per thread that waits, so a wait allocates nothing. */
  private static final ThreadLocal<Pointer> EVENTS =
      ThreadLocal.withInitial(() -> Native.allocate(EVENT_SIZE * MAX_EVENTS));

  private EventCalls() {}

  static int pageSize() {
    return (int) Native.libc().sysconf(SC_PAGESIZE);
  }

  static MappedMemory mmap(Fd fd, long offset, long length, boolean writable)
      throws SyscallException {
    int prot = PROT_READ | (writable ? PROT_WRITE : 0);
    int n = fd.acquire();
    try {
      Pointer mapping = Native.libc().mmap(null, length, prot, MAP_SHARED, n, offset);
      if (mapping == null || mapping.address() == -1) {
        throw new SyscallException("mmap", Native.errno());
      }
      return new MmapMemory(mapping, length);
    } finally {
      fd.release();
    }
  }

  static int epollCreate() throws SyscallException {
    int fd = Native.libc().epoll_create1(EPOLL_CLOEXEC);
    if (fd < 0) {
      throw new SyscallException("epoll_create1", Native.errno());
    }
    return fd;
  }

  static void epollAdd(Fd epoll, Fd fd, long data) throws SyscallException {
    Pointer event = Native.allocate(EVENT_SIZE);
    event.putInt(0, EPOLLIN);
    event.putLong(EVENT_DATA, data);
    epollCtl(epoll, EPOLL_CTL_ADD, fd, event);
  }

  static void epollDelete(Fd epoll, Fd fd) throws SyscallException {
    // Kernels before 2.6.9 wanted a non-null event even for DEL.
    epollCtl(epoll, EPOLL_CTL_DEL, fd, Native.allocate(EVENT_SIZE));
  }

  private static void epollCtl(Fd epoll, int op, Fd fd, Pointer event) throws SyscallException {
    int e = epoll.acquire();
    try {
      int n = fd.acquire();
      try {
        if (Native.libc().epoll_ctl(e, op, n, event) < 0) {
          throw new SyscallException("epoll_ctl", Native.errno());
        }
      } finally {
        fd.release();
      }
    } finally {
      epoll.release();
    }
  }

  /**
   * {@code epoll_wait}: the data of each ready fd into {@code ready}; the count, 0 on timeout or on
   * a signal (EINTR: the caller polls again anyway).
   */
  static int epollWait(Fd epoll, long[] ready, int timeoutMillis) throws SyscallException {
    Pointer events = EVENTS.get();
    int max = Math.min(ready.length, MAX_EVENTS);
    int e = epoll.acquire();
    int n;
    try {
      n = Native.libc().epoll_wait(e, events, max, timeoutMillis);
    } finally {
      epoll.release();
    }
    if (n < 0) {
      int errno = Native.errno();
      if (errno == Errno.EINTR) {
        return 0;
      }
      throw new SyscallException("epoll_wait", errno);
    }
    for (int i = 0; i < n; i++) {
      ready[i] = events.getLong((long) i * EVENT_SIZE + EVENT_DATA);
    }
    return n;
  }

  static int eventFd() throws SyscallException {
    int fd = Native.libc().eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (fd < 0) {
      throw new SyscallException("eventfd", Native.errno());
    }
    return fd;
  }

  private static final ThreadLocal<Pointer> ONE = ThreadLocal.withInitial(() -> one());

  private static Pointer one() {
    Pointer p = Native.allocate(8);
    p.putLong(0, 1);
    return p;
  }

  /** Adds 1 to the eventfd's counter, making it readable; a full counter (EAGAIN) is fine. */
  static void eventFdSignal(Fd eventFd) throws SyscallException {
    int n = eventFd.acquire();
    try {
      if (Native.libc().write(n, ONE.get(), 8) < 0) {
        int errno = Native.errno();
        if (errno != Errno.EAGAIN) {
          throw new SyscallException("write(eventfd)", errno);
        }
      }
    } finally {
      eventFd.release();
    }
  }
}
