package io.bpf4j.runtime;

import io.bpf4j.object.DataVariable;
import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.MapSpec;
import io.bpf4j.runtime.sys.Kernel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An object read but not loaded yet: libbpf's "open" phase. Set {@code @Config} ({@code .rodata})
 * and initial {@code @Global} values, resize maps and choose where {@code pinning = BY_NAME} maps
 * live, then {@link #load()}. Every setting is checked when it is made, against the object's BTF,
 * so a wrong name or type fails before anything reaches the kernel. A loader loads once.
 *
 * <pre>{@code
 * try (BpfObject obj = BpfRuntime.open(ConfigBranches.class)
 *     .config("threshold", 60)
 *     .config("debug", true)
 *     .load()) { ... }
 * }</pre>
 */
public final class BpfLoader {
  private final Kernel kernel;
  private final String name;
  private LinkedObject object;
  private Path pinRoot;
  private boolean loaded;

  BpfLoader(Kernel kernel, Path pinRoot, LinkedObject object, String name) {
    this.kernel = kernel;
    this.pinRoot = pinRoot;
    this.object = object;
    this.name = name;
  }

  /** The object's name, as it appears in messages. */
  public String name() {
    return name;
  }

  /** The object as it will be loaded, with the settings made so far. */
  public LinkedObject object() {
    return object;
  }

  /**
   * Sets global variable {@code field} (a {@code @Config} or {@code @Global} field, or a C global)
   * to {@code value} before load. {@code value} is a {@code Long}, {@code Integer}, {@code Short},
   * {@code Byte}, {@code Boolean} or {@code Character} for an integer of that size, a primitive
   * array of the variable's length, or an instance of the field's {@code @Struct} class.
   *
   * @throws BpfException when the object has no such global or the value does not fit its type (the
   *     message names the field, its C type and the value's Java type)
   */
  public BpfLoader config(String field, Object value) {
    checkNotLoaded();
    Objects.requireNonNull(field, "field");
    MapSpec map =
        object
            .mapOfVariable(field)
            .orElseThrow(
                () ->
                    new BpfException(
                        0,
                        "object "
                            + name
                            + " has no global variable "
                            + field
                            + "; it has "
                            + object.maps().stream()
                                .flatMap(m -> m.variables().stream())
                                .filter(DataVariable::global)
                                .map(DataVariable::name)
                                .toList()));
    DataVariable v = map.variable(field).orElseThrow();
    byte[] bytes =
        VariableCodec.encodeChecked(field, value, v, object.hasBtf() ? object.btf() : null);
    object = object.withVariable(field, bytes);
    return this;
  }

  /**
   * Gives map {@code map} {@code n} entries instead of its declared {@code max_entries} (libbpf's
   * {@code bpf_map__set_max_entries}).
   */
  public BpfLoader maxEntries(String map, int n) {
    checkNotLoaded();
    MapSpec m =
        object
            .map(map)
            .filter(s -> !s.isInternal())
            .orElseThrow(
                () ->
                    new BpfException(
                        0,
                        "object "
                            + name
                            + " has no map "
                            + map
                            + "; it has "
                            + object.maps().stream()
                                .filter(s -> !s.isInternal())
                                .map(MapSpec::name)
                                .toList()));
    if (n <= 0) {
      throw new BpfException(0, "map " + map + ": max_entries must be positive, not " + n);
    }
    object =
        object.withMap(
            new MapSpec(
                m.name(),
                m.type(),
                m.keySize(),
                m.valueSize(),
                n,
                m.flags(),
                m.numaNode(),
                m.mapExtra(),
                m.pinning(),
                m.btfKeyTypeId(),
                m.btfValueTypeId(),
                m.initialData(),
                m.kind(),
                m.initialPrograms(),
                m.variables(),
                m.inner()));
    return this;
  }

  /**
   * Where maps declared {@code pinning = BY_NAME} are reused or pinned (libbpf's {@code
   * pin_root_path}); {@code /sys/fs/bpf} unless set.
   */
  public BpfLoader pinMapsIn(Path dir) {
    checkNotLoaded();
    this.pinRoot = Objects.requireNonNull(dir, "dir");
    return this;
  }

  /**
   * Creates the maps (with the values set), loads and verifies the programs.
   *
   * @throws IllegalStateException when this loader has loaded already
   */
  public BpfObject load() {
    checkNotLoaded();
    loaded = true;
    return BpfRuntime.load(kernel, pinRoot, object, name);
  }

  private void checkNotLoaded() {
    if (loaded) {
      throw new IllegalStateException(
          "the loader of " + name + " has loaded already; open the object again to load it again");
    }
  }
}
