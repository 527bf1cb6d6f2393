package io.bpf4j.runtime.load;

import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.btf.BtfWriter;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.link.LinkedProgram;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.VerifierException;
import io.bpf4j.runtime.core.CoreRelocator;
import io.bpf4j.runtime.core.CoreStep;
import io.bpf4j.runtime.core.KernelBtf;
import io.bpf4j.runtime.core.VmlinuxBtf;
import io.bpf4j.runtime.errors.Capability;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.LogBuffer;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Creates the kernel objects of a {@link LinkedObject}: its BTF, its maps (with initial data for
 * {@code .rodata}, frozen), its programs (map references patched with map fds, func_info and
 * line_info attached) and the initial slots of its prog arrays. On any failure, everything created
 * so far is closed again.
 */
public final class ObjectLoader {
  /** Where libbpf pins maps declared with {@code pinning = BY_NAME}. */
  public static final Path PIN_ROOT = Path.of("/sys/fs/bpf");

  /** What loading created; the caller owns every fd. */
  public record Loaded(Fd btf, Map<String, Fd> maps, Map<String, Fd> programs) {
    public void close() {
      programs.values().forEach(Fd::close);
      maps.values().forEach(Fd::close);
      if (btf != null) {
        btf.close();
      }
    }
  }

  private final Kernel kernel;
  private final MapCreator maps;
  private final ProgramLoader programs;
  private Supplier<KernelBtf> kernelBtf = VmlinuxBtf::get;

  /** A loader that pins {@code BY_NAME} maps under {@code pinRoot} ({@link #PIN_ROOT}). */
  public ObjectLoader(Kernel kernel, Path pinRoot) {
    this.kernel = kernel;
    this.maps = new MapCreator(kernel, pinRoot, MapSizeLimit.fromSystemProperty());
    this.programs = new ProgramLoader(kernel);
  }

  /** Relocates CO-RE against {@code btf} instead of the running kernel's BTF. */
  public ObjectLoader withKernelBtf(Supplier<KernelBtf> btf) {
    this.kernelBtf = btf;
    return this;
  }

  public Loaded load(LinkedObject object, String objectName) {
    Loaded loaded = new Loaded(null, new LinkedHashMap<>(), new LinkedHashMap<>());
    try {
      // The encoding holds every line_info file name and line text, for the records' offsets.
      BtfWriter.Encoded btf = object.hasBtf() ? object.encodeBtf() : null;
      Fd btfFd = btf == null ? null : loadBtf(btf.bytes(), objectName);
      loaded = new Loaded(btfFd, loaded.maps(), loaded.programs());
      for (MapSpec m : object.maps()) {
        loaded.maps().put(m.name(), maps.create(m, btfFd, object.hasBtf() ? object.btf() : null));
      }
      CoreStep core = new CoreStep(object.btf(), kernelBtf);
      for (LinkedProgram p : object.programs()) {
        CoreRelocator.Result relocated = core.relocate(p);
        try {
          loaded
              .programs()
              .put(
                  p.name(),
                  programs.load(relocated.program(), object.license(), loaded.maps(), btfFd, btf));
        } catch (VerifierException e) {
          throw CoreStep.explain(e, relocated);
        }
      }
      for (MapSpec m : object.maps()) {
        fillProgArray(m, loaded);
      }
      return loaded;
    } catch (RuntimeException e) {
      loaded.close();
      throw e;
    }
  }

  private Fd loadBtf(byte[] btf, String objectName) {
    try {
      return kernel.btfLoad(btf, null);
    } catch (SyscallException e) {
      if (e.errno() == Errno.EPERM) {
        throw Errors.of(
            e,
            "loading " + objectName,
            "",
            kernel.effectiveCapabilities(),
            EnumSet.of(Capability.BPF),
            "BTF, maps and programs");
      }
      if (e.errno() == Errno.EACCES) {
        throw Errors.of(e, "loading " + objectName);
      }
      LogBuffer log = new LogBuffer(ProgramLoader.BTF_LOG_SIZE);
      try {
        kernel.btfLoad(btf, log).close();
      } catch (SyscallException again) {
        // Expected: the log explains it.
      }
      throw new BpfException(
          e.errno(),
          "the kernel rejected the BTF of "
              + objectName
              + " ("
              + Errno.name(e.errno())
              + "): "
              + lastLines(log.text(), 5),
          e);
    }
  }

  private void fillProgArray(MapSpec m, Loaded loaded) {
    List<String> slots = m.initialPrograms();
    for (int i = 0; i < slots.size(); i++) {
      String name = slots.get(i);
      if (name == null || name.isEmpty()) {
        continue;
      }
      Fd prog = loaded.programs().get(name);
      if (prog == null) {
        throw new BpfException(
            0,
            "prog array "
                + m.name()
                + " names program "
                + name
                + " in slot "
                + i
                + ", which the object does not contain");
      }
      try {
        kernel.mapUpdate(loaded.maps().get(m.name()), le(i), le(prog.get()), 0);
      } catch (SyscallException e) {
        throw new BpfException(
            e.errno(),
            "placing "
                + name
                + " in slot "
                + i
                + " of "
                + m.name()
                + " failed ("
                + Errno.name(e.errno())
                + ")",
            e);
      }
    }
  }

  private static byte[] le(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  private static String lastLines(String text, int n) {
    String[] lines = text.strip().split("\n");
    return String.join(
        "\n", Arrays.asList(lines).subList(Math.max(0, lines.length - n), lines.length));
  }
}
