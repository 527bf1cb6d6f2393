package io.bpf4j.runtime.sys;

import io.bpf4j.runtime.sys.libc.LibC;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/** libc, loaded once, and the errno of the calling thread's last call. */
final class Native {
  private static volatile LibC libc;

  private Native() {}

  static LibC libc() {
    LibC l = libc;
    if (l == null) {
      synchronized (Native.class) {
        if (libc == null) {
          try {
            libc = LibraryLoader.create(LibC.class).load("c");
          } catch (LinkageError | RuntimeException e) {
            throw new KernelUnavailableException(
                "cannot load libc through jnr-ffi: "
                    + e.getMessage()
                    + "; bpf4j's runtime needs Linux with glibc or musl",
                e);
          }
        }
        l = libc;
      }
    }
    return l;
  }

  static Runtime runtime() {
    return Runtime.getRuntime(libc());
  }

  static int errno() {
    return Runtime.getRuntime(libc()).getLastError();
  }

  /** Zeroed native memory of {@code size} bytes, freed when unreachable. */
  static Pointer allocate(int size) {
    return Memory.allocateDirect(runtime(), Math.max(size, 1), true);
  }
}
