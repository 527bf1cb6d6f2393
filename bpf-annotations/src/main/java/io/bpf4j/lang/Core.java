package io.bpf4j.lang;

import io.bpf4j.lang.jvm.HelperBackends;

/**
 * CO-RE (compile once, run everywhere) questions about the running kernel's structs, answered by
 * the loader from the kernel's BTF: each call's argument is a field read of a {@code @KernelStruct}
 * view ({@code Core.exists(task.loginuid)}), which is not performed; the call compiles to one
 * {@code mov} whose immediate the loader relocates (libbpf's {@code bpf_core_field_exists} and
 * {@code bpf_core_field_size}).
 *
 * <p>A read of a field the running kernel lacks fails the load, unless an {@code exists} check of
 * that field guards it. In the JVM (bpf-testing's simulator) every view field exists, and its size
 * is that of the Java field.
 */
public final class Core {
  private Core() {}

  /** Whether the running kernel's struct has the field read in the argument. */
  public static boolean exists(boolean fieldRead) {
    return true;
  }

  public static boolean exists(byte fieldRead) {
    return true;
  }

  public static boolean exists(short fieldRead) {
    return true;
  }

  public static boolean exists(char fieldRead) {
    return true;
  }

  public static boolean exists(int fieldRead) {
    return true;
  }

  public static boolean exists(long fieldRead) {
    return true;
  }

  /** A pointer ({@code @KernelStruct}) or array field. */
  public static boolean exists(Object fieldRead) {
    return true;
  }

  /** The size in bytes of the field read in the argument, in the running kernel. */
  public static int sizeOf(boolean fieldRead) {
    return 1;
  }

  public static int sizeOf(byte fieldRead) {
    return 1;
  }

  public static int sizeOf(short fieldRead) {
    return 2;
  }

  public static int sizeOf(char fieldRead) {
    return 2;
  }

  public static int sizeOf(int fieldRead) {
    return 4;
  }

  public static int sizeOf(long fieldRead) {
    return 8;
  }

  /** A pointer (8 bytes) or array field (its length times its element size). */
  public static int sizeOf(Object fieldRead) {
    if (fieldRead instanceof byte[] a) {
      return a.length;
    } else if (fieldRead instanceof short[] a) {
      return 2 * a.length;
    } else if (fieldRead instanceof char[] a) {
      return 2 * a.length;
    } else if (fieldRead instanceof int[] a) {
      return 4 * a.length;
    } else if (fieldRead instanceof long[] a) {
      return 8 * a.length;
    } else if (fieldRead instanceof boolean[] a) {
      return a.length;
    }
    return 8;
  }

  /**
   * The kernel object at {@code address} viewed as {@code type} (a {@code @KernelStruct} class):
   * for an address that is a plain number to the verifier (a raw tracepoint argument, a kprobe
   * register), so its fields are read with {@code bpf_probe_read_kernel}; a failed read gives 0.
   */
  public static <T> T view(Class<T> type, long address) {
    return HelperBackends.current().kernelObject(type, address);
  }
}
