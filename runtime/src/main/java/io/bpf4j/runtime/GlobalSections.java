package io.bpf4j.runtime;

import io.bpf4j.object.MapSpec;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.MappedMemory;
import io.bpf4j.runtime.sys.SyscallException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The memory mappings of an object's internal maps ({@code .data}, {@code .bss} writable, a frozen
 * {@code .rodata} read-only), made on first use and unmapped when the object closes. Every access
 * of a {@link GlobalVariable} runs under the read lock, the unmapping under the write lock: a read
 * of unmapped memory would crash the JVM rather than throw, so no access may overtake the close.
 * Internal maps without {@code BPF_F_MMAPABLE} (an object with only static variables), and those
 * the kernel will not map because a value holds a {@code bpf_spin_lock} (ENOTSUPP), are read and
 * written with map lookups and updates instead.
 */
final class GlobalSections {
  private final Kernel kernel;
  private final String objectName;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, MappedMemory> mappings = new HashMap<>();
  private final java.util.Set<String> unmappable = new java.util.HashSet<>();
  private boolean closed;

  GlobalSections(Kernel kernel, String objectName) {
    this.kernel = kernel;
    this.objectName = objectName;
  }

  /** Starts an access; pair with {@link #exit()} in a {@code finally}. */
  void enter() {
    lock.readLock().lock();
    if (closed) {
      lock.readLock().unlock();
      throw new IllegalStateException(
          "object " + objectName + " is closed: its global variables are unmapped");
    }
  }

  void exit() {
    lock.readLock().unlock();
  }

  /** The mapping of {@code map}, or null when the map is not mmapable. */
  MappedMemory mapping(MapSpec map, Fd fd) {
    if ((map.flags() & MapSpec.BPF_F_MMAPABLE) == 0) {
      return null;
    }
    lock.writeLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("object " + objectName + " is closed");
      }
      MappedMemory m = mappings.get(map.name());
      if (m == null && unmappable.contains(map.name())) {
        return null;
      }
      if (m == null) {
        int page = kernel.pageSize();
        long length = ((long) map.valueSize() + page - 1) / page * page;
        try {
          m = kernel.mmap(fd, 0, length, !map.frozen());
        } catch (SyscallException e) {
          if (e.errno() == Errno.ENOTSUPP || e.errno() == Errno.EOPNOTSUPP) {
            // A section holding a bpf_spin_lock: the kernel refuses to map it into user space
            // (the lock must never be touched there), but lookups and updates skip the lock.
            unmappable.add(map.name());
            return null;
          }
          throw new BpfException(
              e.errno(),
              "cannot map the values of "
                  + map.name()
                  + " of "
                  + objectName
                  + " into memory ("
                  + Errno.name(e.errno())
                  + ")",
              e);
        }
        mappings.put(map.name(), m);
      }
      return m;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Unmaps everything, waiting for accesses in progress; later accesses throw. */
  void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        mappings.values().forEach(MappedMemory::close);
        mappings.clear();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
