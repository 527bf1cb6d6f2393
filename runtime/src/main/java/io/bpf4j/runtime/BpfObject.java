package io.bpf4j.runtime;

import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.object.link.LinkedProgram;
import io.bpf4j.runtime.links.SectionAttachments;
import io.bpf4j.runtime.load.ObjectLoader;
import io.bpf4j.runtime.maps.Codec;
import io.bpf4j.runtime.maps.Codecs;
import io.bpf4j.runtime.pins.Pins;
import io.bpf4j.runtime.sys.Kernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loaded object: its programs and maps, alive in the kernel until {@link #close()} (or longer,
 * once pinned). Owns every fd it created.
 */
public final class BpfObject implements AutoCloseable {
  private final Kernel kernel;
  private final String name;
  private final LinkedObject object;
  private final ObjectLoader.Loaded loaded;
  private final Map<String, BpfProgram> programs = new LinkedHashMap<>();

  /** Links attached from this object's programs and still open: they close with the object. */
  private final Set<BpfLink> links = Collections.newSetFromMap(new ConcurrentHashMap<>());

  private final GlobalSections globals;

  private volatile boolean closed;

  BpfObject(Kernel kernel, String name, LinkedObject object, ObjectLoader.Loaded loaded) {
    this.kernel = kernel;
    this.name = name;
    this.object = object;
    this.loaded = loaded;
    this.globals = new GlobalSections(kernel, name);
    for (LinkedProgram p : object.programs()) {
      programs.put(
          p.name(),
          new BpfProgram(
              kernel,
              p.name(),
              ProgramType.of(p.programType()),
              loaded.programs().get(p.name()),
              false,
              p.section(),
              p.expectedAttachType(),
              this::own));
    }
  }

  public String name() {
    return name;
  }

  private void own(BpfLink link) {
    links.add(link);
    link.onClose(() -> links.remove(link));
  }

  /**
   * Attaches every program whose section names its target ({@link BpfProgram#attach()}), in
   * declaration order, as libbpf's skeleton {@code attach} does; the others (an {@code xdp} or
   * {@code cgroup_skb/ingress} program) are left for {@link Links}. If one fails, those attached so
   * far are detached again. The links close with this object.
   */
  public List<BpfLink> attachAll() {
    checkOpen();
    List<BpfLink> attached = new ArrayList<>();
    try {
      for (BpfProgram p : programs.values()) {
        if (SectionAttachments.namesTarget(p.section())) {
          attached.add(p.attach());
        }
      }
    } catch (RuntimeException e) {
      for (BpfLink link : attached) {
        try {
          link.close();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    return Collections.unmodifiableList(attached);
  }

  /** The program named {@code name} (the Java method's name). */
  public BpfProgram program(String name) {
    checkOpen();
    BpfProgram p = programs.get(name);
    if (p == null) {
      throw new BpfException(
          0, "object " + this.name + " has no program " + name + "; it has " + programs.keySet());
    }
    return p;
  }

  public List<BpfProgram> programs() {
    checkOpen();
    return Collections.unmodifiableList(new ArrayList<>(programs.values()));
  }

  /** The map named {@code name}, with keys and values decoded as the given classes. */
  public <K, V> MapHandle<K, V> map(String name, Class<K> keyType, Class<V> valueType) {
    MapSpec m = definition(name);
    Kernel.MapInfo info =
        new Kernel.MapInfo(
            m.type(),
            0,
            m.keySize(),
            m.valueSize(),
            m.maxEntries(),
            m.flags(),
            m.name(),
            0,
            m.btfKeyTypeId(),
            m.btfValueTypeId());
    Btf btf = object.btf();
    return new MapHandle<>(
        kernel, name, loaded.maps().get(name), false, info, btf, keyType, valueType);
  }

  /**
   * Global variable {@code field} (a {@code @Global} or {@code @Config} field, or a C global) as
   * {@code type}: {@code Long}, {@code Integer}, {@code Short}, {@code Byte}, {@code Boolean},
   * {@code Character} for integers of those sizes, a primitive array, or the field's
   * {@code @Struct} class. The value is memory-mapped: see {@link GlobalVariable} for what get and
   * set cost and guarantee. Valid until this object closes.
   *
   * @throws BpfException when there is no such global or {@code type} does not match its BTF type
   */
  public <T> GlobalVariable<T> global(String field, Class<T> type) {
    checkOpen();
    MapSpec map =
        object
            .mapOfVariable(field)
            .orElseThrow(
                () ->
                    new BpfException(
                        0,
                        "object "
                            + this.name
                            + " has no global variable "
                            + field
                            + "; it has "
                            + object.maps().stream()
                                .flatMap(m -> m.variables().stream())
                                .filter(io.bpf4j.object.DataVariable::global)
                                .map(io.bpf4j.object.DataVariable::name)
                                .toList()));
    io.bpf4j.object.DataVariable v = map.variable(field).orElseThrow();
    VariableCodec<T> codec = VariableCodec.of(type, v, object.hasBtf() ? object.btf() : null);
    return new GlobalVariable<>(
        kernel, name, globals, map, loaded.maps().get(map.name()), v, codec);
  }

  /**
   * The {@code QUEUE} or {@code STACK} map {@code name}, with values decoded as {@code valueType}
   * (Integer, Long or a {@code @Struct} class of the map's value size).
   */
  public <T> QueueHandle<T> queue(String name, Class<T> valueType) {
    MapSpec m = definition(name);
    MapType type = MapType.of(m.type());
    if (type != MapType.QUEUE && type != MapType.STACK) {
      throw new BpfException(
          0,
          "map "
              + name
              + " of "
              + this.name
              + " is a "
              + type
              + " map, not a queue or stack (MapType.QUEUE, MapType.STACK)");
    }
    Codec<T> values =
        Codecs.of(valueType, m.valueSize(), object.btf(), m.btfValueTypeId(), "value");
    return new QueueHandle<>(kernel, name, loaded.maps().get(name), type, values);
  }

  /**
   * The {@code DEVMAP}, {@code DEVMAP_HASH}, {@code CPUMAP} or {@code XSKMAP} named {@code name},
   * to place the targets of {@code BpfMap.redirect}.
   */
  public RedirectMapHandle redirectMap(String name) {
    MapSpec m = definition(name);
    Kernel.MapInfo info =
        new Kernel.MapInfo(
            m.type(), 0, m.keySize(), m.valueSize(), m.maxEntries(), m.flags(), m.name(), 0, 0, 0);
    return new RedirectMapHandle(kernel, name, loaded.maps().get(name), false, info);
  }

  /**
   * The map of maps ({@code ARRAY_OF_MAPS}, {@code HASH_OF_MAPS}) named {@code name}, with outer
   * keys decoded as {@code keyType}; its {@link MapOfMapsHandle#newInner} creates maps of the inner
   * shape the object declares.
   */
  public <K> MapOfMapsHandle<K> mapOfMaps(String name, Class<K> keyType) {
    MapSpec m = definition(name);
    Kernel.MapInfo info =
        new Kernel.MapInfo(
            m.type(),
            0,
            m.keySize(),
            m.valueSize(),
            m.maxEntries(),
            m.flags(),
            m.name(),
            0,
            m.btfKeyTypeId(),
            0);
    if (MapType.of(m.type()).holdsMaps() && m.inner() == null) {
      throw new BpfException(
          0,
          "map "
              + name
              + " of "
              + this.name
              + " is a map of maps without an inner map shape in the object (a libbpf object"
              + " declares it with __array(values, ...)); it could not have been created");
    }
    return new MapOfMapsHandle<>(
        kernel,
        name,
        loaded.maps().get(name),
        false,
        info,
        m.inner(),
        loaded.btf(),
        object.hasBtf() ? object.btf() : null,
        keyType);
  }

  /** The prog array named {@code name}. */
  public ProgArrayHandle progArray(String name) {
    MapSpec m = definition(name);
    if (m.type() != MapType.PROG_ARRAY.kernelId()) {
      throw new BpfException(0, "map " + name + " of " + this.name + " is not a prog array");
    }
    return new ProgArrayHandle(kernel, name, loaded.maps().get(name), false, m.maxEntries());
  }

  /**
   * A reader of the ring buffer map {@code name} ({@code MapType.RINGBUF}), decoding records as
   * {@code recordType}: {@code byte[]}, Integer, Long or a {@code @Struct} class. Close the reader
   * before the object; the object keeps owning the map.
   */
  public <T> RingBufReader<T> ringBuf(String name, Class<T> recordType) {
    MapSpec m = definition(name);
    if (m.type() != MapType.RINGBUF.kernelId()) {
      throw new BpfException(
          0,
          "map "
              + name
              + " of "
              + this.name
              + " is a "
              + MapType.of(m.type())
              + " map, not a ring buffer (MapType.RINGBUF)");
    }
    return RingBufReader.of(kernel, name, loaded.maps().get(name), recordType);
  }

  /**
   * A reader of the perf event array {@code name} ({@code MapType.PERF_EVENT_ARRAY}): one perf ring
   * of {@code pagesPerCpu} pages (a power of two) per online CPU, decoding samples as {@code
   * recordType}. Close the reader before the object.
   */
  public <T> PerfBufferReader<T> perfBuffer(String name, Class<T> recordType, int pagesPerCpu) {
    MapSpec m = definition(name);
    if (m.type() != MapType.PERF_EVENT_ARRAY.kernelId()) {
      throw new BpfException(
          0,
          "map "
              + name
              + " of "
              + this.name
              + " is a "
              + MapType.of(m.type())
              + " map, not a perf event array (MapType.PERF_EVENT_ARRAY)");
    }
    return PerfBufferReader.of(kernel, name, loaded.maps().get(name), recordType, pagesPerCpu);
  }

  private MapSpec definition(String name) {
    checkOpen();
    return object
        .map(name)
        .orElseThrow(
            () ->
                new BpfException(
                    0,
                    "object "
                        + this.name
                        + " has no map "
                        + name
                        + "; it has "
                        + object.maps().stream()
                            .filter(m -> !m.isInternal())
                            .map(MapSpec::name)
                            .toList()));
  }

  /**
   * Pins every program and every map (but the internal data maps) under {@code dir}, by name,
   * creating the directory. A name already pinned there by another object is an error: remove the
   * old pin first.
   */
  public void pin(Path dir) {
    checkOpen();
    Pins pins = new Pins(kernel);
    pins.requireBpffs(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new BpfException(0, "cannot create " + dir + ": " + e.getMessage(), e);
    }
    for (MapSpec m : object.maps()) {
      if (!m.isInternal()) {
        pins.pinOnce(loaded.maps().get(m.name()), dir.resolve(m.name()), "map " + m.name());
      }
    }
    for (BpfProgram p : programs.values()) {
      pins.pinOnce(p.fdHandle(), dir.resolve(p.name()), "program " + p.name());
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("object " + name + " is closed");
    }
  }

  /**
   * Detaches every link of this object's programs that is still open, then releases every program,
   * map and BTF fd; pinned objects stay in the kernel.
   */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      RuntimeException failure = null;
      for (BpfLink link : List.copyOf(links)) {
        try {
          link.close();
        } catch (RuntimeException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      globals.close();
      loaded.close();
      if (failure != null) {
        throw failure;
      }
    }
  }
}
