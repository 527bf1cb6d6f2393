package io.bpf4j.processor.model;

import io.bpf4j.object.kernel.MapType;
import io.bpf4j.processor.diag.LoaderMessages;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * The rules that loaders enforce on the names and sizes of an object, checked on the model so that
 * breaking one is a javac error on the field or method concerned, not a refusal at load time:
 *
 * <ul>
 *   <li>names in BTF are C identifiers (the kernel's BTF check: "Invalid name");
 *   <li>map names are distinct, and distinct from program names (libbpf, bpftool and the bpf4j
 *       runtime find and pin by name; {@code BpfObject.pin} puts maps and programs in one
 *       directory);
 *   <li>program names are distinct (Java overloads would give two programs one symbol);
 *   <li>key and value sizes, flags and sizes that the kernel's {@code map_alloc_check} of each map
 *       type refuses ({@code kernel/bpf/arraymap.c}, {@code hashtab.c}, {@code lpm_trie.c}, {@code
 *       queue_stack_maps.c}, {@code ringbuf.c}, {@code devmap.c}, {@code cpumap.c}, {@code
 *       xskmap.c}).
 * </ul>
 *
 * Long names are no error: libbpf and the runtime cut kernel names to 15 characters themselves, and
 * pin under the whole name.
 */
final class LoaderRules {
  /** {@code MAX_BPF_STACK}: a hash map's key must fit on the BPF stack. */
  private static final int MAX_KEY_SIZE = 512;

  /** {@code PCPU_MIN_UNIT_SIZE}: the largest per-CPU value, rounded up to 8 bytes. */
  private static final int MAX_PERCPU_VALUE_SIZE = 32 * 1024;

  /** {@code LPM_KEY_SIZE_MIN} and {@code LPM_KEY_SIZE_MAX}: a prefix length and 1 to 256 bytes. */
  private static final int LPM_MIN_KEY_SIZE = 4 + 1;

  private static final int LPM_MAX_KEY_SIZE = 4 + 256;

  private static final int PAGE_SIZE = 4096;

  private static final int BPF_F_NO_PREALLOC = 1;

  private final TypeElement cls;
  private final BiConsumer<Element, String> error;

  private LoaderRules(TypeElement cls, BiConsumer<Element, String> error) {
    this.cls = cls;
    this.error = error;
  }

  /** Reports every broken rule of {@code cls}'s maps (by field name) and programs. */
  static void check(
      TypeElement cls,
      Map<String, MapModel> maps,
      List<SectionModel> sections,
      BiConsumer<Element, String> error) {
    LoaderRules rules = new LoaderRules(cls, error);
    Set<String> programs = rules.programNames();
    rules.mapNames(maps, programs);
    maps.forEach((field, m) -> rules.mapSizes(field(cls, field), m));
    rules.structNames();
  }

  /** The names of the {@code @Section} methods, reporting bad and repeated ones. */
  private Set<String> programNames() {
    Set<String> names = new HashSet<>();
    for (ExecutableElement method : ElementFilter.methodsIn(cls.getEnclosedElements())) {
      if (ModelBuilder.annotation(method, LangNames.SECTION) == null) {
        continue;
      }
      String name = method.getSimpleName().toString();
      if (!CNames.isIdentifier(name)) {
        error.accept(method, LoaderMessages.programNameNotIdentifier(name));
      } else if (!names.add(name)) {
        error.accept(method, LoaderMessages.duplicateProgramName(name));
      }
    }
    return names;
  }

  private void mapNames(Map<String, MapModel> maps, Set<String> programs) {
    Map<String, String> fieldByName = new HashMap<>();
    maps.forEach(
        (fieldName, m) -> {
          VariableElement field = field(cls, fieldName);
          String previous = fieldByName.putIfAbsent(m.name(), fieldName);
          if (!CNames.isIdentifier(m.name())) {
            error.accept(
                field, LoaderMessages.mapNameNotIdentifier(m.name(), !m.name().equals(fieldName)));
          } else if (previous != null) {
            error.accept(field, LoaderMessages.duplicateMapName(m.name(), previous));
          } else if (programs.contains(m.name())) {
            error.accept(field, LoaderMessages.mapNamedLikeProgram(m.name()));
          }
        });
  }

  private void mapSizes(VariableElement field, MapModel m) {
    MapType type = MapType.valueOf(m.typeName());
    String name = m.name();
    String typeName = m.typeName();
    int key = m.keySize();
    int value = m.valueSize();
    String keyRule =
        switch (type) {
          case ARRAY, PERCPU_ARRAY, PROG_ARRAY, PERF_EVENT_ARRAY ->
              key == 4 ? null : "4-byte keys (Integer indexes)";
          case DEVMAP, DEVMAP_HASH, CPUMAP, XSKMAP ->
              key == 4 ? null : "4-byte keys (Integer indexes or ids)";
          case HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH ->
              key >= 1 && key <= MAX_KEY_SIZE ? null : "keys of 1 to " + MAX_KEY_SIZE + " bytes";
          case LPM_TRIE ->
              key >= LPM_MIN_KEY_SIZE && key <= LPM_MAX_KEY_SIZE
                  ? null
                  : "keys of an int prefix length and 1 to 256 bytes of data ("
                      + LPM_MIN_KEY_SIZE
                      + " to "
                      + LPM_MAX_KEY_SIZE
                      + " bytes)";
          case QUEUE, STACK -> key == 0 ? null : "no keys (key size 0)";
          default -> null;
        };
    if (keyRule != null) {
      error.accept(field, LoaderMessages.keySize(name, typeName, key, keyRule));
      return;
    }
    String valueRule =
        switch (type) {
          case PROG_ARRAY, PERF_EVENT_ARRAY ->
              value == 4 ? null : "4-byte values (file descriptors)";
          case RINGBUF -> null;
            // devmap.c, cpumap.c, xskmap.c: an ifindex (or a queue size) alone, or with a program
            // fd.
          case DEVMAP, DEVMAP_HASH ->
              value == 4 || value == 8
                  ? null
                  : "4-byte values (an ifindex) or 8-byte @Struct {int ifindex; int progFd}";
          case CPUMAP ->
              value == 4 || value == 8
                  ? null
                  : "4-byte values (a queue size) or 8-byte @Struct {int qsize; int progFd}";
          case XSKMAP -> value == 4 ? null : "4-byte values (AF_XDP socket file descriptors)";
          default -> value >= 1 ? null : "values of at least 1 byte";
        };
    if (valueRule == null && type.perCpu() && (value + 7) / 8 * 8 > MAX_PERCPU_VALUE_SIZE) {
      valueRule = "values of at most " + MAX_PERCPU_VALUE_SIZE + " bytes per CPU";
    }
    if (valueRule != null) {
      error.accept(field, LoaderMessages.valueSize(name, typeName, value, valueRule));
      return;
    }
    if (type == MapType.RINGBUF
        && (m.maxEntries() < PAGE_SIZE || Integer.bitCount(m.maxEntries()) != 1)) {
      error.accept(field, LoaderMessages.ringBufferSize(name, m.maxEntries()));
    } else if (type.requiresNoPrealloc() && (m.flags() & BPF_F_NO_PREALLOC) == 0) {
      error.accept(field, LoaderMessages.flagRequired(name, typeName, "BPF_F_NO_PREALLOC (1)"));
    } else if ((type == MapType.LRU_HASH || type == MapType.LRU_PERCPU_HASH)
        && (m.flags() & BPF_F_NO_PREALLOC) != 0) {
      error.accept(field, LoaderMessages.flagRefused(name, typeName, "BPF_F_NO_PREALLOC (1)"));
    }
  }

  /** The {@code @Struct} classes of the maps' keys and values, and those nested in the class. */
  private void structNames() {
    Set<TypeElement> structs = new java.util.LinkedHashSet<>();
    for (VariableElement f : ElementFilter.fieldsIn(cls.getEnclosedElements())) {
      if (ModelBuilder.annotation(f, LangNames.MAP) != null
          && f.asType() instanceof DeclaredType dt) {
        for (TypeMirror arg : dt.getTypeArguments()) {
          if (arg instanceof DeclaredType a
              && a.asElement() instanceof TypeElement te
              && ModelBuilder.isStruct(te)) {
            structs.add(te);
          }
        }
      }
    }
    nestedStructs(cls, structs);
    for (TypeElement te : structs) {
      String name = te.getSimpleName().toString();
      if (!CNames.isIdentifier(name)) {
        error.accept(te, LoaderMessages.structNameNotIdentifier("@Struct class", name));
      }
      for (VariableElement f : ElementFilter.fieldsIn(te.getEnclosedElements())) {
        String fieldName = f.getSimpleName().toString();
        if (!f.getModifiers().contains(Modifier.STATIC) && !CNames.isIdentifier(fieldName)) {
          error.accept(f, LoaderMessages.structNameNotIdentifier("@Struct field", fieldName));
        }
      }
    }
  }

  private static void nestedStructs(TypeElement type, Set<TypeElement> out) {
    if (ModelBuilder.isStruct(type)) {
      out.add(type);
    }
    for (TypeElement nested : ElementFilter.typesIn(type.getEnclosedElements())) {
      nestedStructs(nested, out);
    }
  }

  private static VariableElement field(TypeElement cls, String name) {
    for (VariableElement f : ElementFilter.fieldsIn(cls.getEnclosedElements())) {
      if (f.getSimpleName().contentEquals(name)) {
        return f;
      }
    }
    throw new IllegalStateException("no field " + name);
  }
}
