package io.bpf4j.runtime.links;

import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.btf.BtfNameIndex;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.WeakHashMap;

/**
 * The running kernel's BTF ({@code /sys/kernel/btf/vmlinux}), indexed once per kernel by the names
 * of its functions and typedefs: what BTF-attached programs name as their target. Measured on this
 * project's 6.18 test kernel (5.5 MB, 125 850 types): reading the file 20-50 ms, indexing 14 ms the
 * first time in a JVM and 4-5 ms warm, a lookup under 2 ms; decoding every type into objects and
 * strings instead took ~575 ms cold.
 */
public final class VmlinuxBtf {
  static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

  private static final Map<Kernel, BtfNameIndex> CACHE = new WeakHashMap<>();

  private VmlinuxBtf() {}

  /** The index of {@code kernel}'s BTF, read the first time it is asked for. */
  public static BtfNameIndex of(Kernel kernel) {
    synchronized (CACHE) {
      BtfNameIndex index = CACHE.get(kernel);
      if (index == null) {
        index = read(kernel);
        CACHE.put(kernel, index);
      }
      return index;
    }
  }

  private static BtfNameIndex read(Kernel kernel) {
    byte[] bytes;
    try {
      bytes = kernel.readKernelFile(VMLINUX);
    } catch (SyscallException e) {
      if (e.errno() == Errno.ENOENT) {
        throw new BpfException(
            e.errno(),
            "this kernel publishes no BTF ("
                + VMLINUX
                + " is missing; it needs CONFIG_DEBUG_INFO_BTF=y), which tp_btf, fentry, fexit"
                + " and lsm programs need to name their target",
            e);
      }
      throw Errors.of(e, "reading " + VMLINUX);
    }
    try {
      return BtfNameIndex.of(bytes, BtfNameIndex.KIND_FUNC, BtfNameIndex.KIND_TYPEDEF);
    } catch (ObjectFormatException e) {
      throw new BpfException(
          0, "cannot read the kernel's BTF " + VMLINUX + ": " + e.getMessage(), e);
    }
  }

  /** The id of {@code name} of {@code kind} in the kernel's BTF. */
  static OptionalInt find(Kernel kernel, int kind, String name) {
    return of(kernel).find(kind, name);
  }
}
