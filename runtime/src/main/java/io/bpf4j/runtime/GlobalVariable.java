package io.bpf4j.runtime;

import io.bpf4j.object.DataVariable;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.MappedMemory;
import io.bpf4j.runtime.sys.SyscallException;

/**
 * A global variable of a loaded object ({@code @Global} in {@code .data}/{@code .bss},
 * {@code @Config} in {@code .rodata}), read and written in place: the internal map's value is
 * memory-mapped into this process (the map is {@code BPF_F_MMAPABLE}), so {@link #get()} and {@link
 * #set} are plain loads and stores, no system call, and see the program's writes as it makes them.
 *
 * <p>Thread safety: a {@code Long} or {@code Integer} variable (aligned, as the compiler places it)
 * is read and written as one 8- or 4-byte word, single-copy atomic on x86-64 and arm64, so a
 * concurrent reader sees either the old or the new value, never a mix; a {@code Byte}, {@code
 * Short} or {@code Boolean} is one aligned access too. An array or {@code @Struct} is copied field
 * by field: Java threads are serialized against each other, but BPF code running at the same time
 * may see (and write) a half-updated value. {@code set} is a store, not a read-modify-write: {@code
 * v.set(v.get() + 1)} races with the program's {@code +=}. Accesses after the object closed throw
 * {@link IllegalStateException}; closing waits for accesses in progress.
 *
 * <p>A {@code .rodata} variable is fixed once the object is loaded (the kernel froze the map and
 * the verifier used its value): {@link #get()} reads it, {@link #set} throws. Set it before load
 * with {@link BpfLoader#config}.
 */
public final class GlobalVariable<T> {
  private final Kernel kernel;
  private final String objectName;
  private final GlobalSections sections;
  private final MapSpec map;
  private final Fd fd;
  private final DataVariable variable;
  private final VariableCodec<T> codec;
  private final MappedMemory memory;
  private final boolean word;

  GlobalVariable(
      Kernel kernel,
      String objectName,
      GlobalSections sections,
      MapSpec map,
      Fd fd,
      DataVariable variable,
      VariableCodec<T> codec) {
    this.kernel = kernel;
    this.objectName = objectName;
    this.sections = sections;
    this.map = map;
    this.fd = fd;
    this.variable = variable;
    this.codec = codec;
    this.memory = sections.mapping(map, fd);
    this.word = codec.isWord() && variable.offset() % codec.size() == 0;
  }

  /** The field's name. */
  public String name() {
    return variable.name();
  }

  /**
   * The internal map the variable lives in ({@code Foo.bss}, {@code Foo.data}, {@code Foo.rodata}).
   */
  public String mapName() {
    return map.name();
  }

  /** Whether {@link #set} is allowed: false for {@code .rodata} ({@code @Config}) variables. */
  public boolean isWritable() {
    return !map.frozen();
  }

  /** The variable's current value. */
  public T get() {
    sections.enter();
    try {
      if (memory != null && word) {
        Object v =
            codec.size() == 8
                ? (Object) memory.getLong(variable.offset())
                : (Object) memory.getInt(variable.offset());
        return codec.type().cast(v);
      }
      byte[] bytes = new byte[variable.size()];
      synchronized (this) {
        if (memory != null) {
          memory.get(variable.offset(), bytes, 0, bytes.length);
        } else {
          System.arraycopy(lookup(), variable.offset(), bytes, 0, bytes.length);
        }
      }
      return codec.decode(bytes);
    } finally {
      sections.exit();
    }
  }

  /**
   * Stores {@code value} into the variable.
   *
   * @throws BpfException for a {@code .rodata} ({@code @Config}) variable, or an array of another
   *     length
   */
  public void set(T value) {
    if (map.frozen()) {
      throw new BpfException(
          0,
          "global "
              + variable.name()
              + " of "
              + objectName
              + " is configuration (.rodata, frozen): it is fixed at load; set it before with"
              + " BpfLoader.config(\""
              + variable.name()
              + "\", value)");
    }
    if (value == null) {
      throw new NullPointerException("value");
    }
    codec.checkLength(value, variable, null);
    sections.enter();
    try {
      if (memory != null && word) {
        if (codec.size() == 8) {
          memory.putLong(variable.offset(), (Long) value);
        } else {
          memory.putInt(variable.offset(), (Integer) value);
        }
        return;
      }
      byte[] bytes = new byte[variable.size()];
      codec.encode(value, bytes);
      synchronized (this) {
        if (memory != null) {
          memory.put(variable.offset(), bytes, 0, bytes.length);
        } else {
          byte[] all = lookup();
          System.arraycopy(bytes, 0, all, variable.offset(), bytes.length);
          try {
            kernel.mapUpdate(fd, new byte[4], all, 0);
          } catch (SyscallException e) {
            throw new BpfException(
                e.errno(),
                "writing " + variable.name() + " failed (" + Errno.name(e.errno()) + ")",
                e);
          }
        }
      }
    } finally {
      sections.exit();
    }
  }

  private byte[] lookup() {
    try {
      return kernel.mapLookup(fd, new byte[4], map.valueSize());
    } catch (SyscallException e) {
      throw new BpfException(
          e.errno(), "reading " + variable.name() + " failed (" + Errno.name(e.errno()) + ")", e);
    }
  }

  @Override
  public String toString() {
    return "GlobalVariable[" + objectName + "." + variable.name() + " in " + map.name() + "]";
  }
}
