package io.bpf4j.runtime.core;

import io.bpf4j.runtime.BpfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The running kernel's BTF, read from {@code /sys/kernel/btf/vmlinux} (or the file the system
 * property {@code bpf4j.kernelBtf} names) on first use and kept for the life of the JVM: the file
 * does not change while the kernel runs. {@link #parseNanos()} says what the one parse cost.
 */
public final class VmlinuxBtf {
  /** Where the kernel publishes its BTF (kernel 5.4+, {@code CONFIG_DEBUG_INFO_BTF}). */
  public static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

  private static volatile KernelBtf cached;
  private static volatile long parseNanos;
  private static volatile long readNanos;

  private VmlinuxBtf() {}

  /** The kernel's BTF, parsed once. */
  public static KernelBtf get() {
    KernelBtf k = cached;
    if (k == null) {
      synchronized (VmlinuxBtf.class) {
        k = cached;
        if (k == null) {
          k = load(path());
          cached = k;
        }
      }
    }
    return k;
  }

  private static Path path() {
    String override = System.getProperty("bpf4j.kernelBtf");
    return override == null || override.isEmpty() ? VMLINUX : Path.of(override);
  }

  private static KernelBtf load(Path path) {
    try {
      long t0 = System.nanoTime();
      byte[] bytes = Files.readAllBytes(path);
      long t1 = System.nanoTime();
      KernelBtf btf = KernelBtf.parse(bytes);
      long t2 = System.nanoTime();
      readNanos = t1 - t0;
      parseNanos = t2 - t1;
      return btf;
    } catch (IOException e) {
      throw new BpfException(
          0,
          "CO-RE relocation needs the kernel's BTF, but "
              + path
              + " cannot be read ("
              + e.getMessage()
              + "): the kernel needs CONFIG_DEBUG_INFO_BTF=y (5.4 or later), or set"
              + " -Dbpf4j.kernelBtf to a BTF file of this kernel",
          e);
    }
  }

  /** Nanoseconds the parse of the cached BTF took (0 before the first use). */
  public static long parseNanos() {
    return parseNanos;
  }

  /** Nanoseconds reading the file took. */
  public static long readNanos() {
    return readNanos;
  }
}
