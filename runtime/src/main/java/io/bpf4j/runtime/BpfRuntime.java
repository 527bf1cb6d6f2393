package io.bpf4j.runtime;

import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.ObjectReader;
import io.bpf4j.runtime.load.ObjectLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads eBPF objects into the kernel: bpf4j's own, and any libbpf-style object clang builds. */
public final class BpfRuntime {
  private BpfRuntime() {}

  /**
   * Loads the object the bpf4j processor wrote for {@code programClass}: {@code <binary
   * name>.bpf.o}, found as a class-path resource next to the class (so it works from a jar).
   */
  public static BpfObject load(Class<?> programClass) {
    String simple = programClass.getName().substring(programClass.getName().lastIndexOf('.') + 1);
    String resource = simple + ".bpf.o";
    try (InputStream in = programClass.getResourceAsStream(resource)) {
      if (in == null) {
        throw new BpfException(
            0,
            "no "
                + resource
                + " next to "
                + programClass.getName()
                + " on the class path; was it compiled with the bpf4j processor on the annotation"
                + " processor path, and does it have @Section methods?");
      }
      return load(in.readAllBytes(), simple);
    } catch (IOException e) {
      throw new BpfException(0, "cannot read " + resource + ": " + e.getMessage(), e);
    }
  }

  /** Loads the object file at {@code elfFile}. */
  public static BpfObject load(Path elfFile) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(elfFile);
    } catch (IOException e) {
      throw new BpfException(0, "cannot read " + elfFile + ": " + e.getMessage(), e);
    }
    String name = elfFile.getFileName().toString().replaceFirst("(\\.bpf)?\\.o$", "");
    return load(bytes, name);
  }

  /** Loads an object from its bytes; {@code name} names it in messages. */
  public static BpfObject load(byte[] elf, String name) {
    LinkedObject object;
    try {
      object = ObjectReader.read(elf, name);
    } catch (ObjectFormatException e) {
      throw new BpfException(
          0, "cannot load " + name + ": not a valid eBPF object: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new BpfException(0, "cannot load " + name + ": unreadable object (" + e + ")", e);
    }
    return new BpfObject(name, object, ObjectLoader.load(object, name));
  }
}
