package io.bpf4j.runtime.load;

import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.btf.BtfWriter;
import io.bpf4j.object.link.FuncInfoRecord;
import io.bpf4j.object.link.LineInfoRecord;
import io.bpf4j.object.link.LinkedProgram;
import io.bpf4j.object.link.MapReference;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.Errors;
import io.bpf4j.runtime.VerifierException;
import io.bpf4j.runtime.sys.BpfSys;
import io.bpf4j.runtime.sys.Errno;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.NativeBuffer;
import io.bpf4j.runtime.sys.Syscalls.SyscallException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the kernel objects of a {@link LinkedObject}: its BTF, its maps (with initial data for
 * {@code .rodata}, frozen), its programs (map references patched with map fds, func_info and
 * line_info attached) and the initial slots of its prog arrays. On any failure, everything created
 * so far is closed again.
 */
public final class ObjectLoader {
  private static final int FIRST_LOG_SIZE = 1 << 20;
  private static final int MAX_LOG_SIZE = 1 << 28;

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

  private ObjectLoader() {}

  public static Loaded load(LinkedObject object, String objectName) {
    Loaded loaded = new Loaded(null, new LinkedHashMap<>(), new LinkedHashMap<>());
    try {
      // The encoding holds every line_info file name and line text, for the records' offsets.
      BtfWriter.Encoded btf = object.hasBtf() ? object.encodeBtf() : null;
      Fd btfFd = btf == null ? null : loadBtf(btf.bytes(), objectName);
      loaded = new Loaded(btfFd, loaded.maps(), loaded.programs());
      for (MapSpec m : object.maps()) {
        loaded
            .maps()
            .put(
                m.name(),
                m.pinning() == MapSpec.PIN_BY_NAME ? pinnedByName(m, btfFd) : createMap(m, btfFd));
      }
      for (LinkedProgram p : object.programs()) {
        loaded.programs().put(p.name(), loadProgram(p, object.license(), loaded, btf));
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

  private static Fd loadBtf(byte[] btf, String objectName) {
    try {
      return BpfSys.btfLoad(btf, null);
    } catch (SyscallException e) {
      if (e.errno() == Errno.EPERM || e.errno() == Errno.EACCES) {
        throw Errors.of(e, "loading " + objectName);
      }
      NativeBuffer log = new NativeBuffer(FIRST_LOG_SIZE);
      try {
        BpfSys.btfLoad(btf, log).close();
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
              + lastLines(log.string(), 5),
          e);
    }
  }

  /** Where libbpf pins maps declared with {@code pinning = BY_NAME}. */
  public static final java.nio.file.Path PIN_ROOT = java.nio.file.Path.of("/sys/fs/bpf");

  /**
   * A map declared {@code pinning = BY_NAME}, as libbpf treats it: the map pinned under its name in
   * {@link #PIN_ROOT} when one is there and has the same shape (so programs of several objects
   * share it), else a new map pinned there. A pinned map of another shape is an error, never
   * silently replaced.
   */
  private static Fd pinnedByName(MapSpec m, Fd btf) {
    java.nio.file.Path path = PIN_ROOT.resolve(m.name());
    if (java.nio.file.Files.exists(path)) {
      Fd fd;
      try {
        fd = BpfSys.objGet(path.toString());
      } catch (SyscallException e) {
        throw Errors.of(e, "opening the map pinned at " + path);
      }
      try {
        BpfSys.MapInfo info = BpfSys.mapInfo(fd);
        int flags = m.flags() | (m.frozen() ? BpfSys.F_RDONLY_PROG : 0);
        if (info.type() != m.type()
            || info.keySize() != m.keySize()
            || info.valueSize() != m.valueSize()
            || info.maxEntries() != m.maxEntries()
            || info.flags() != flags) {
          throw new BpfException(
              0,
              "the map pinned at "
                  + path
                  + " (type "
                  + info.type()
                  + ", key "
                  + info.keySize()
                  + " B, value "
                  + info.valueSize()
                  + " B, max_entries "
                  + info.maxEntries()
                  + ") does not match map "
                  + m.name()
                  + " of this object (type "
                  + m.type()
                  + ", key "
                  + m.keySize()
                  + " B, value "
                  + m.valueSize()
                  + " B, max_entries "
                  + m.maxEntries()
                  + "); remove the old pin (rm "
                  + path
                  + ")");
        }
        return fd;
      } catch (SyscallException e) {
        fd.close();
        throw Errors.of(e, "reading the map pinned at " + path, path + " is not a map");
      } catch (RuntimeException e) {
        fd.close();
        throw e;
      }
    }
    Fd fd = createMap(m, btf);
    try {
      BpfSys.pin(fd, path.toString());
      return fd;
    } catch (SyscallException e) {
      fd.close();
      throw Errors.of(
          e,
          "pinning map " + m.name() + " at " + path,
          PIN_ROOT + " is not a BPF filesystem; " + Errors.MOUNT_BPFFS);
    }
  }

  private static Fd createMap(MapSpec m, Fd btf) {
    int flags = m.flags() | (m.frozen() ? BpfSys.F_RDONLY_PROG : 0);
    BpfSys.MapCreate create =
        new BpfSys.MapCreate(
            m.type(),
            m.keySize(),
            m.valueSize(),
            m.maxEntries(),
            flags,
            m.kernelName(),
            btf,
            m.btfKeyTypeId(),
            m.btfValueTypeId());
    Fd fd;
    try {
      fd = BpfSys.mapCreate(create);
    } catch (SyscallException e) {
      if (e.errno() != Errno.EINVAL || btf == null) {
        throw mapError(m, e);
      }
      // Some map types take no BTF key/value; retry without, as libbpf does.
      try {
        fd =
            BpfSys.mapCreate(
                new BpfSys.MapCreate(
                    m.type(),
                    m.keySize(),
                    m.valueSize(),
                    m.maxEntries(),
                    flags,
                    m.kernelName(),
                    null,
                    0,
                    0));
      } catch (SyscallException again) {
        throw mapError(m, again);
      }
    }
    try {
      if (m.isInternal() && m.initialData().length > 0) {
        BpfSys.update(fd, new byte[4], padded(m.initialData(), m.valueSize()), 0);
      }
      if (m.frozen()) {
        BpfSys.freeze(fd);
      }
      return fd;
    } catch (SyscallException e) {
      fd.close();
      throw new BpfException(
          e.errno(), "initializing map " + m.name() + " failed (" + Errno.name(e.errno()) + ")", e);
    }
  }

  private static byte[] padded(byte[] data, int size) {
    byte[] out = new byte[size];
    System.arraycopy(data, 0, out, 0, Math.min(size, data.length));
    return out;
  }

  private static BpfException mapError(MapSpec m, SyscallException e) {
    String what =
        "creating map "
            + m.name()
            + " (type "
            + m.type()
            + ", key "
            + m.keySize()
            + " B, value "
            + m.valueSize()
            + " B, max_entries "
            + m.maxEntries()
            + ")";
    return Errors.of(
        e, what, "the kernel rejects this combination of type, sizes, max_entries and flags");
  }

  private static Fd loadProgram(
      LinkedProgram p, String license, Loaded loaded, BtfWriter.Encoded btf) {
    byte[] insns = p.instructions().clone();
    ByteBuffer code = ByteBuffer.wrap(insns).order(ByteOrder.LITTLE_ENDIAN);
    for (MapReference r : p.mapReferences()) {
      Fd map = loaded.maps().get(r.mapName());
      if (map == null) {
        throw new BpfException(
            0,
            "program "
                + p.name()
                + " refers to map "
                + r.mapName()
                + ", which the object does not define");
      }
      int at = r.instructionIndex() * 8;
      int pseudo = r.kind() == MapReference.Kind.FD ? 1 : 2;
      insns[at + 1] = (byte) ((insns[at + 1] & 0x0f) | (pseudo << 4));
      code.putInt(at + 4, map.get());
      if (r.kind() == MapReference.Kind.VALUE) {
        code.putInt(at + 12, r.offset());
      }
    }
    ByteBuffer funcInfo =
        ByteBuffer.allocate(8 * p.funcInfo().size()).order(ByteOrder.LITTLE_ENDIAN);
    for (FuncInfoRecord f : p.funcInfo()) {
      funcInfo.putInt(f.instructionOffset()).putInt(f.typeId());
    }
    ByteBuffer lineInfo =
        ByteBuffer.allocate(16 * p.lineInfo().size()).order(ByteOrder.LITTLE_ENDIAN);
    for (LineInfoRecord l : p.lineInfo()) {
      lineInfo
          .putInt(l.instructionOffset())
          .putInt(btf.offsetOf(l.fileName()))
          .putInt(btf.offsetOf(l.lineText()))
          .putInt(l.lineCol());
    }
    boolean withBtf = loaded.btf() != null;
    BpfSys.ProgLoad load =
        new BpfSys.ProgLoad(
            p.programType(),
            p.expectedAttachType(),
            p.kernelName(),
            insns,
            license,
            withBtf ? loaded.btf() : null,
            funcInfo.array(),
            withBtf ? p.funcInfo().size() : 0,
            lineInfo.array(),
            withBtf ? p.lineInfo().size() : 0,
            p.programFlags());
    try {
      return BpfSys.progLoad(load, null);
    } catch (SyscallException e) {
      if (e.errno() == Errno.EPERM) {
        throw Errors.of(e, "loading program " + p.name());
      }
      throw verifierError(p, load, e);
    }
  }

  /** Loads again with a verifier log, growing the buffer until the whole log fits. */
  private static BpfException verifierError(
      LinkedProgram p, BpfSys.ProgLoad load, SyscallException first) {
    int size = FIRST_LOG_SIZE;
    while (true) {
      NativeBuffer log = new NativeBuffer(size);
      try {
        BpfSys.progLoad(load, log).close();
        return new BpfException(
            first.errno(),
            "loading program "
                + p.name()
                + " failed ("
                + Errno.name(first.errno())
                + ") but succeeded with a verifier log; retry the load",
            first);
      } catch (SyscallException e) {
        if (e.errno() == Errno.ENOSPC && size < MAX_LOG_SIZE) {
          size *= 4;
          continue;
        }
        String text = log.string();
        if (text.isBlank()) {
          return new BpfException(
              e.errno(),
              "loading program "
                  + p.name()
                  + " failed ("
                  + Errno.name(e.errno())
                  + ") without a verifier log: the kernel rejected its"
                  + " attributes (program type "
                  + p.programType()
                  + ", attach type "
                  + p.expectedAttachType()
                  + ", flags "
                  + p.programFlags()
                  + ")",
              e);
        }
        VerifierLog.Summary summary = VerifierLog.summarize(text);
        return new VerifierException(e.errno(), p.name(), text, summary.text(), summary.location());
      }
    }
  }

  private static void fillProgArray(MapSpec m, Loaded loaded) {
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
        BpfSys.update(loaded.maps().get(m.name()), le(i), le(prog.get()), 0);
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
        "\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - n), lines.length));
  }
}
