package io.bpf4j.processor.model;

import com.sun.source.util.Trees;
import io.bpf4j.object.kernel.ProgramSections;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.processor.diag.MapInMapMessages;
import io.bpf4j.processor.diag.Messages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Builds a {@link ProgramModel} from a class's elements, reporting every misuse of the annotations
 * on the element concerned.
 */
public final class ModelBuilder {

  private final Elements elements;
  private final Types types;
  private final Trees trees;
  private final BiConsumer<Element, String> errors;
  private boolean failed;

  /** Structs already reported, so that a struct used by several maps is reported once. */
  private final java.util.Set<Element> rejectedStructs = new java.util.HashSet<>();

  public ModelBuilder(Elements elements, Types types, BiConsumer<Element, String> errors) {
    this(elements, types, null, errors);
  }

  /** A builder that also checks the source of @Struct classes when {@code trees} is not null. */
  public ModelBuilder(
      Elements elements, Types types, Trees trees, BiConsumer<Element, String> errors) {
    this.elements = elements;
    this.types = types;
    this.trees = trees;
    this.errors = errors;
  }

  private void error(Element e, String message) {
    failed = true;
    errors.accept(e, message);
  }

  /** The model of {@code cls}, or null when its annotations are misused (errors are reported). */
  public ProgramModel build(TypeElement cls) {
    failed = false;
    String license = stringValue(cls, LangNames.LICENSE, LangNames.VALUE);
    Map<String, StructLayout> structs = new LinkedHashMap<>();
    collectStructs(cls, structs);
    Map<String, MapModel> maps = new LinkedHashMap<>();
    Map<String, GlobalModel> globals = new LinkedHashMap<>();
    for (VariableElement field : ElementFilter.fieldsIn(cls.getEnclosedElements())) {
      AnnotationMirror ann = annotation(field, LangNames.MAP);
      GlobalModel global = global(field, ann != null, structs);
      if (global != null) {
        globals.put(global.fieldName(), global);
      }
      if (ann == null && annotation(field, LangNames.INNER_MAP) != null) {
        error(field, MapInMapMessages.innerMapWithoutMap(field.getSimpleName().toString()));
      }
      if (ann != null) {
        MapModel m = map(field, ann, structs);
        if (m != null) {
          maps.put(field.getSimpleName().toString(), m);
        }
      }
    }
    List<SectionModel> sections = new ArrayList<>();
    Map<String, Integer> helpers = new LinkedHashMap<>();
    Map<String, List<String>> parameterNames = new LinkedHashMap<>();
    Map<String, java.util.TreeMap<Integer, String>> slots = new LinkedHashMap<>();
    for (ExecutableElement method : ElementFilter.methodsIn(cls.getEnclosedElements())) {
      parameterNames.put(
          method.getSimpleName() + descriptor(method),
          method.getParameters().stream().map(p -> p.getSimpleName().toString()).toList());
      AnnotationMirror section = annotation(method, LangNames.SECTION);
      if (section != null) {
        SectionModel s = section(method, (String) value(section, LangNames.VALUE));
        if (s != null) {
          Object onFault = value(section, LangNames.SECTION_ON_FAULT);
          sections.add(
              new SectionModel(
                  s.methodName(),
                  s.descriptor(),
                  s.section(),
                  s.type(),
                  onFault == null ? 0 : (Integer) onFault));
        }
      }
      for (AnnotationMirror target : tailCallTargets(method)) {
        addTailCallTarget(method, target, maps, slots);
      }
      AnnotationMirror helper = annotation(method, LangNames.HELPER);
      if (helper != null) {
        if (!method.getModifiers().contains(Modifier.STATIC)
            || !method.getModifiers().contains(Modifier.NATIVE)
            || method.getParameters().size() > 5) {
          error(method, Messages.helperShape(method.getSimpleName().toString()));
        } else {
          helpers.put(
              method.getSimpleName() + descriptor(method),
              (Integer) value(helper, LangNames.HELPER_ID));
        }
      }
    }
    if (!failed) {
      LoaderRules.check(cls, maps, sections, this::error);
    }
    if (failed) {
      return null;
    }
    slots.forEach((field, bySlot) -> maps.put(field, withSlots(maps.get(field), bySlot)));
    String binaryName = elements.getBinaryName(cls).toString();
    return new ProgramModel(
        binaryName.replace('.', '/'),
        binaryName,
        license == null ? "GPL" : license,
        maps,
        sections,
        helpers,
        structs,
        parameterNames,
        globals);
  }

  /**
   * The {@code @Global} or {@code @Config} model of {@code field}, or null when it has neither
   * annotation or misuses them (reported).
   */
  private GlobalModel global(
      VariableElement field, boolean isMap, Map<String, StructLayout> structs) {
    boolean global = annotation(field, LangNames.GLOBAL) != null;
    boolean config = annotation(field, LangNames.CONFIG) != null;
    if (!global && !config) {
      return null;
    }
    String name = field.getSimpleName().toString();
    String which = config ? "@Config" : "@Global";
    if (global && config) {
      error(field, Messages.globalAndConfig(name));
      return null;
    }
    if (isMap) {
      error(field, Messages.globalAndMap(name, which));
      return null;
    }
    if (!field.getModifiers().contains(Modifier.STATIC)
        || field.getModifiers().contains(Modifier.FINAL)) {
      error(field, Messages.globalFieldShape(name, which));
      return null;
    }
    boolean atomic = annotation(field, LangNames.ATOMIC) != null;
    TypeMirror t = field.asType();
    String descriptor = primitiveDescriptor(t);
    StructLayout struct = null;
    if (descriptor == null
        && t instanceof ArrayType at
        && primitiveDescriptor(at.getComponentType()) != null) {
      descriptor = "[" + primitiveDescriptor(at.getComponentType());
    }
    if (descriptor == null
        && t instanceof DeclaredType dt
        && dt.asElement() instanceof TypeElement te
        && annotation(te, LangNames.STRUCT) != null) {
      struct = structs.get(elements.getBinaryName(te).toString().replace('.', '/'));
      if (struct == null && !rejectedStructs.contains(te)) {
        struct = struct(te);
      }
      if (struct == null) {
        return null;
      }
      structs.putIfAbsent(struct.internalName(), struct);
      descriptor = "L" + struct.internalName() + ";";
    }
    if (descriptor == null) {
      error(field, Messages.globalFieldType(name, which, t.toString()));
      return null;
    }
    if (atomic && config) {
      error(field, Messages.globalAtomicConfig(name));
      return null;
    }
    if (atomic && !descriptor.equals("I") && !descriptor.equals("J")) {
      error(field, Messages.atomicFieldType(name));
      return null;
    }
    return new GlobalModel(name, config, descriptor, struct, atomic);
  }

  /** The {@code @TailCallTarget}s of a method, whether written once or repeated. */
  private List<AnnotationMirror> tailCallTargets(ExecutableElement method) {
    AnnotationMirror single = annotation(method, LangNames.TAIL_CALL_TARGET);
    if (single != null) {
      return List.of(single);
    }
    AnnotationMirror container = annotation(method, LangNames.TAIL_CALL_TARGETS);
    List<AnnotationMirror> out = new ArrayList<>();
    if (container != null) {
      for (Object v : (List<?>) value(container, LangNames.VALUE)) {
        out.add((AnnotationMirror) ((AnnotationValue) v).getValue());
      }
    }
    return out;
  }

  private void addTailCallTarget(
      ExecutableElement method,
      AnnotationMirror target,
      Map<String, MapModel> maps,
      Map<String, java.util.TreeMap<Integer, String>> slots) {
    String mapName = (String) value(target, LangNames.TAIL_CALL_MAP);
    int index = (Integer) value(target, LangNames.TAIL_CALL_INDEX);
    MapModel map =
        maps.values().stream()
            .filter(m -> m.name().equals(mapName) || m.fieldName().equals(mapName))
            .findFirst()
            .orElse(null);
    if (map == null || !map.isProgArray()) {
      error(method, Messages.tailCallTarget(mapName));
      return;
    }
    if (annotation(method, LangNames.SECTION) == null) {
      error(method, "@TailCallTarget needs a @Section method: only programs fill prog arrays");
      return;
    }
    if (index < 0 || index >= map.maxEntries()) {
      error(
          method,
          "@TailCallTarget index "
              + index
              + " is outside "
              + mapName
              + ", which has "
              + map.maxEntries()
              + " slots");
      return;
    }
    String previous =
        slots
            .computeIfAbsent(map.fieldName(), k -> new java.util.TreeMap<>())
            .putIfAbsent(index, method.getSimpleName().toString());
    if (previous != null) {
      error(method, "slot " + index + " of " + mapName + " is already filled by " + previous);
    }
  }

  private static MapModel withSlots(MapModel m, java.util.TreeMap<Integer, String> bySlot) {
    List<String> list = new ArrayList<>();
    for (int i = 0; i <= bySlot.lastKey(); i++) {
      list.add(bySlot.get(i));
    }
    return new MapModel(
        m.fieldName(),
        m.name(),
        m.type(),
        m.typeName(),
        m.maxEntries(),
        m.flags(),
        m.pinning(),
        m.key(),
        m.value(),
        list,
        m.inner());
  }

  private void collectStructs(TypeElement cls, Map<String, StructLayout> structs) {
    if (annotation(cls, LangNames.STRUCT) != null) {
      StructLayout layout = struct(cls);
      if (layout != null) {
        structs.put(layout.internalName(), layout);
      }
    }
    for (TypeElement nested : ElementFilter.typesIn(cls.getEnclosedElements())) {
      collectStructs(nested, structs);
    }
  }

  /** The layout of {@code @Struct} class {@code te}, or null after reporting a bad field. */
  public StructLayout struct(TypeElement te) {
    List<StructLayout.FieldDecl> decls = new ArrayList<>();
    boolean ok = StructSource.check(trees, te, this::error);
    if (te.getSuperclass() instanceof DeclaredType sup
        && !((TypeElement) sup.asElement()).getQualifiedName().contentEquals("java.lang.Object")) {
      // Inherited fields are not in the layout, and a superclass's offsets would be wrong here.
      error(
          te,
          Messages.structExtends(
              te.getSimpleName().toString(), sup.asElement().getSimpleName().toString()));
      ok = false;
    }
    for (VariableElement f : ElementFilter.fieldsIn(te.getEnclosedElements())) {
      if (f.getModifiers().contains(Modifier.STATIC)) {
        continue;
      }
      String d = primitiveDescriptor(f.asType());
      boolean atomic = annotation(f, LangNames.ATOMIC) != null;
      if (f.asType() instanceof DeclaredType lockType
          && ((TypeElement) lockType.asElement())
              .getQualifiedName()
              .contentEquals("io.bpf4j.lang.BpfSpinLock")) {
        if (decls.stream().anyMatch(x -> x.descriptor().equals(LangNames.SPIN_LOCK_DESCRIPTOR))) {
          // The kernel takes one bpf_spin_lock per map value.
          error(f, Messages.secondSpinLock(te.getSimpleName().toString()));
          ok = false;
        } else {
          decls.add(
              new StructLayout.FieldDecl(
                  f.getSimpleName().toString(), LangNames.SPIN_LOCK_DESCRIPTOR, false));
        }
        continue;
      }
      if (f.asType() instanceof ArrayType at
          && primitiveDescriptor(at.getComponentType()) != null) {
        int length = StructSource.arrayLength(trees, f);
        if (length <= 0) {
          error(
              f,
              Messages.structArrayLength(
                  te.getSimpleName().toString(), f.getSimpleName().toString()));
          ok = false;
        } else if (atomic) {
          error(f, Messages.atomicFieldType(f.getSimpleName().toString()));
          ok = false;
        } else {
          decls.add(
              new StructLayout.FieldDecl(
                  f.getSimpleName().toString(),
                  "[" + primitiveDescriptor(at.getComponentType()),
                  false,
                  length));
        }
        continue;
      }
      if (d == null) {
        error(
            f,
            Messages.structFieldType(te.getSimpleName().toString(), f.getSimpleName().toString()));
        ok = false;
      } else if (atomic && !d.equals("I") && !d.equals("J")) {
        error(f, Messages.atomicFieldType(f.getSimpleName().toString()));
        ok = false;
      } else {
        decls.add(new StructLayout.FieldDecl(f.getSimpleName().toString(), d, atomic));
      }
    }
    if (!ok) {
      rejectedStructs.add(te);
      return null;
    }
    String internal = elements.getBinaryName(te).toString().replace('.', '/');
    return StructLayout.of(internal, te.getSimpleName().toString(), decls);
  }

  private MapModel map(
      VariableElement field, AnnotationMirror ann, Map<String, StructLayout> structs) {
    String fieldName = field.getSimpleName().toString();
    if (!field.getModifiers().contains(Modifier.STATIC)
        || !(field.asType() instanceof DeclaredType dt)) {
      error(field, Messages.mapFieldShape(fieldName));
      return null;
    }
    String raw = ((TypeElement) dt.asElement()).getQualifiedName().toString();
    String typeName = ((VariableElement) value(ann, LangNames.MAP_TYPE)).getSimpleName().toString();
    int maxEntries = (Integer) value(ann, LangNames.MAP_MAX_ENTRIES);
    String name = (String) value(ann, LangNames.MAP_NAME);
    int flags = (Integer) value(ann, LangNames.MAP_FLAGS);
    String pinning =
        ((VariableElement) value(ann, LangNames.MAP_PINNING)).getSimpleName().toString();
    ValueType key = null;
    ValueType val = null;
    MapModel inner = null;
    boolean mapOfMaps = io.bpf4j.object.kernel.MapType.valueOf(typeName).holdsMaps();
    AnnotationMirror innerAnn = annotation(field, LangNames.INNER_MAP);
    if (innerAnn != null && !mapOfMaps) {
      error(field, MapInMapMessages.innerMapOnOtherMap(fieldName, typeName));
      return null;
    }
    switch (raw.replace('.', '/')) {
      case LangNames.BPF_MAP -> {
        if (dt.getTypeArguments().size() != 2) {
          error(field, Messages.mapFieldShape(fieldName));
          return null;
        }
        if (mapOfMaps) {
          inner = innerMap(field, typeName, dt.getTypeArguments().get(1), innerAnn, structs);
          key = inner == null ? null : valueType(field, dt.getTypeArguments().get(0), structs);
          if (key == null) {
            return null;
          }
          if (typeName.equals(LangNames.MAP_TYPE_ARRAY_OF_MAPS) && key.size() != 4) {
            error(
                field,
                MapInMapMessages.arrayOfMapsKey(
                    fieldName, dt.getTypeArguments().get(0).toString()));
            return null;
          }
          break;
        }
        if (isBpfMap(dt.getTypeArguments().get(1))) {
          error(field, MapInMapMessages.mapValueInPlainMap(fieldName, typeName));
          return null;
        }
        if (typeName.equals(LangNames.MAP_TYPE_QUEUE)
            || typeName.equals(LangNames.MAP_TYPE_STACK)) {
          error(
              field,
              "a "
                  + typeName
                  + " map has no keys: declare it as "
                  + (typeName.equals(LangNames.MAP_TYPE_QUEUE) ? "BpfQueue<T>" : "BpfStack<T>"));
          return null;
        }
        key = valueType(field, dt.getTypeArguments().get(0), structs);
        val = valueType(field, dt.getTypeArguments().get(1), structs);
        if (key == null || val == null) {
          return null;
        }
        if (typeName.equals(LangNames.MAP_TYPE_LPM_TRIE)) {
          String problem = lpmKeyProblem(key);
          if (problem != null) {
            error(field, Messages.lpmTrieKey(fieldName, problem));
            return null;
          }
          // The kernel refuses an LPM trie without BPF_F_NO_PREALLOC; libbpf users spell it out.
          flags |= BPF_F_NO_PREALLOC;
        }
      }
      case LangNames.PROG_ARRAY -> {
        if (!typeName.equals(LangNames.MAP_TYPE_PROG_ARRAY)) {
          error(field, "a ProgArray field needs @Map(type = MapType.PROG_ARRAY, ...)");
          return null;
        }
      }
      case LangNames.RING_BUF -> {
        if (!typeName.equals(LangNames.MAP_TYPE_RINGBUF)) {
          error(field, "a RingBuf field needs @Map(type = MapType.RINGBUF, ...)");
          return null;
        }
        if (maxEntries < 4096 || Integer.bitCount(maxEntries) != 1) {
          error(
              field,
              "a ring buffer's maxEntries is its size in bytes: a power of two of at"
                  + " least 4096 (one page), got "
                  + maxEntries);
          return null;
        }
        // The record type: what output() copies, not a key or value of the kernel map.
        val =
            dt.getTypeArguments().size() == 1
                ? valueType(field, dt.getTypeArguments().get(0), structs)
                : null;
        if (val == null) {
          error(field, Messages.mapFieldShape(fieldName));
          return null;
        }
      }
      case LangNames.PERF_EVENT_ARRAY -> {
        if (!typeName.equals(LangNames.MAP_TYPE_PERF_EVENT_ARRAY) || maxEntries < 0) {
          error(field, Messages.perfEventArrayField());
          return null;
        }
        // The record type, as for ring buffers.
        val =
            dt.getTypeArguments().size() == 1
                ? valueType(field, dt.getTypeArguments().get(0), structs)
                : null;
        if (val == null) {
          error(field, Messages.mapFieldShape(fieldName));
          return null;
        }
      }
      case LangNames.BPF_QUEUE, LangNames.BPF_STACK -> {
        boolean queue = raw.replace('.', '/').equals(LangNames.BPF_QUEUE);
        String expected = queue ? LangNames.MAP_TYPE_QUEUE : LangNames.MAP_TYPE_STACK;
        if (!typeName.equals(expected)) {
          error(
              field,
              "a "
                  + (queue ? "BpfQueue" : "BpfStack")
                  + " field needs @Map(type = MapType."
                  + expected
                  + ", ...)");
          return null;
        }
        // The values; the kernel map has no key (key_size 0).
        val =
            dt.getTypeArguments().size() == 1
                ? valueType(field, dt.getTypeArguments().get(0), structs)
                : null;
        if (val == null) {
          error(field, Messages.mapFieldShape(fieldName));
          return null;
        }
      }
      default -> {
        error(field, Messages.mapFieldShape(fieldName));
        return null;
      }
    }
    // max_entries 0 sizes a perf event array to the possible CPUs at load, as libbpf does.
    if (maxEntries <= 0 && !(maxEntries == 0 && typeName.equals("PERF_EVENT_ARRAY"))) {
      error(field, "@Map maxEntries must be positive, got " + maxEntries);
      return null;
    }
    return new MapModel(
        fieldName,
        name.isEmpty() ? fieldName : name,
        io.bpf4j.object.kernel.MapType.valueOf(typeName).kernelId(),
        typeName,
        maxEntries,
        flags,
        pinning.equals("BY_NAME") ? 1 : 0,
        key,
        val,
        List.of(),
        inner);
  }

  private boolean isBpfMap(TypeMirror t) {
    return t instanceof DeclaredType d
        && d.asElement() instanceof TypeElement te
        && te.getQualifiedName().toString().replace('.', '/').equals(LangNames.BPF_MAP);
  }

  /**
   * The maps a map of maps holds: their key and value from {@code valueType} ({@code BpfMap<K2,
   * V2>}), their kind and size from {@code @InnerMap}. Null (errors reported) when either is
   * missing or names maps the kernel will not put into a map of maps.
   */
  private MapModel innerMap(
      VariableElement field,
      String typeName,
      TypeMirror valueType,
      AnnotationMirror innerAnn,
      Map<String, StructLayout> structs) {
    String fieldName = field.getSimpleName().toString();
    if (!isBpfMap(valueType) || ((DeclaredType) valueType).getTypeArguments().size() != 2) {
      error(field, MapInMapMessages.valueNotAMap(fieldName, typeName, valueType.toString()));
      return null;
    }
    if (innerAnn == null) {
      error(field, MapInMapMessages.missingInnerMap(fieldName, typeName));
      return null;
    }
    String innerType =
        ((VariableElement) value(innerAnn, LangNames.MAP_TYPE)).getSimpleName().toString();
    String refused = InnerMapKinds.refusal(innerType);
    if (refused != null) {
      error(field, MapInMapMessages.innerKindRefused(fieldName, innerType, refused));
      return null;
    }
    int maxEntries = (Integer) value(innerAnn, LangNames.MAP_MAX_ENTRIES);
    if (maxEntries <= 0) {
      error(field, MapInMapMessages.innerMaxEntries(fieldName, maxEntries));
      return null;
    }
    int flags = (Integer) value(innerAnn, LangNames.MAP_FLAGS);
    List<? extends TypeMirror> args = ((DeclaredType) valueType).getTypeArguments();
    ValueType key = valueType(field, args.get(0), structs);
    ValueType val = valueType(field, args.get(1), structs);
    if (key == null || val == null) {
      return null;
    }
    if (innerType.equals(LangNames.MAP_TYPE_LPM_TRIE)) {
      String problem = lpmKeyProblem(key);
      if (problem != null) {
        error(field, Messages.lpmTrieKey(fieldName, problem));
        return null;
      }
      flags |= BPF_F_NO_PREALLOC;
    }
    // libbpf's name for the template map it creates from the definition's 'values'.
    String name = fieldName + ".inner";
    return new MapModel(
        fieldName,
        name,
        io.bpf4j.object.kernel.MapType.valueOf(innerType).kernelId(),
        innerType,
        maxEntries,
        flags,
        0,
        key,
        val,
        List.of());
  }

  /** {@code BPF_F_NO_PREALLOC}. */
  private static final int BPF_F_NO_PREALLOC = 1;

  /** Longest key an LPM trie takes: {@code sizeof(struct bpf_lpm_trie_key_u8) + 256}. */
  private static final int LPM_KEY_SIZE_MAX = 4 + 256;

  /**
   * Why {@code key} cannot be an LPM trie's key, or null: the kernel reads it as {@code struct
   * bpf_lpm_trie_key_u8}, a host-order {@code u32 prefixlen} followed by 1 to 256 data bytes in
   * network order (most significant bit first).
   */
  private static String lpmKeyProblem(ValueType key) {
    if (key.kind() != ValueType.Kind.STRUCT) {
      return "the key is " + key.kind() + ", not a @Struct";
    }
    StructLayout s = key.struct();
    if (s.fields().isEmpty()
        || !s.fields().get(0).name().equals("prefixLen")
        || !s.fields().get(0).descriptor().equals("I")) {
      return "its first field is "
          + (s.fields().isEmpty()
              ? "missing"
              : s.fields().get(0).descriptor() + " " + s.fields().get(0).name())
          + ", not int prefixLen";
    }
    if (s.size() <= 4) {
      return "it has no data after prefixLen";
    }
    if (s.size() > LPM_KEY_SIZE_MAX) {
      return "it is " + s.size() + " bytes, more than the kernel's " + LPM_KEY_SIZE_MAX;
    }
    return null;
  }

  private ValueType valueType(Element field, TypeMirror t, Map<String, StructLayout> structs) {
    if (t instanceof DeclaredType dt && dt.asElement() instanceof TypeElement te) {
      String qn = te.getQualifiedName().toString();
      if (qn.equals("java.lang.Integer")) {
        return ValueType.INT;
      }
      if (qn.equals("java.lang.Long")) {
        return ValueType.LONG;
      }
      if (annotation(te, LangNames.STRUCT) != null) {
        StructLayout layout = structs.get(elements.getBinaryName(te).toString().replace('.', '/'));
        if (layout == null && !rejectedStructs.contains(te)) {
          layout = struct(te);
        }
        if (layout == null) {
          return null;
        }
        structs.putIfAbsent(layout.internalName(), layout);
        return ValueType.struct(layout);
      }
    }
    error(field, Messages.mapKeyValueType(field.getSimpleName().toString(), t.toString()));
    return null;
  }

  private SectionModel section(ExecutableElement method, String section) {
    String name = method.getSimpleName().toString();
    ProgramType type = ProgramSections.compiledProgramType(section);
    if (type == null) {
      error(method, Messages.unknownSection(section));
      return null;
    }
    if (type.context().isTracedArguments()) {
      return tracedArgumentsSection(method, section, type);
    }
    if (!method.getModifiers().contains(Modifier.STATIC)
        || method.getReturnType().getKind() != TypeKind.INT
        || method.getParameters().size() != 1) {
      error(method, Messages.sectionMethodShape(name));
      return null;
    }
    TypeMirror param = method.getParameters().get(0).asType();
    String expected = type.context().javaName();
    String actual = types.erasure(param).toString();
    if (!actual.equals(expected)) {
      error(
          method.getParameters().get(0),
          Messages.contextMismatch(
              section,
              expected.substring(expected.lastIndexOf('.') + 1),
              actual.substring(actual.lastIndexOf('.') + 1)));
      return null;
    }
    return new SectionModel(name, descriptor(method), section, type);
  }

  /** The most arguments a traced function passes a BPF program ({@code MAX_BPF_FUNC_ARGS}). */
  private static final int MAX_TRACED_ARGUMENTS = 12;

  /**
   * A program whose parameters are the traced arguments (fentry, fexit, tp_btf, lsm, iter): each a
   * primitive or a {@code @KernelStruct} view (a BTF-typed pointer) read from its u64 slot of the
   * context.
   */
  private SectionModel tracedArgumentsSection(
      ExecutableElement method, String section, ProgramType type) {
    String name = method.getSimpleName().toString();
    if (!method.getModifiers().contains(Modifier.STATIC)
        || method.getReturnType().getKind() != TypeKind.INT
        || method.getParameters().size() > MAX_TRACED_ARGUMENTS) {
      error(method, Messages.tracedArgumentsShape(name, section));
      return null;
    }
    for (VariableElement p : method.getParameters()) {
      boolean view =
          p.asType() instanceof DeclaredType dt && KernelStructs.isKernelStruct(dt.asElement());
      if (primitiveDescriptor(p.asType()) == null && !view) {
        error(p, Messages.tracedArgumentType(section, p.getSimpleName().toString()));
        return null;
      }
    }
    return new SectionModel(name, descriptor(method), section, type);
  }

  /** The JVM descriptor of a method. */
  public String descriptor(ExecutableElement method) {
    StringBuilder sb = new StringBuilder("(");
    for (VariableElement p : method.getParameters()) {
      sb.append(descriptor(p.asType()));
    }
    return sb.append(')').append(descriptor(method.getReturnType())).toString();
  }

  private String descriptor(TypeMirror t) {
    String p = primitiveDescriptor(t);
    if (p != null) {
      return p;
    }
    return switch (t.getKind()) {
      case VOID -> "V";
      case FLOAT -> "F";
      case DOUBLE -> "D";
      case ARRAY -> "[" + descriptor(((ArrayType) t).getComponentType());
      default -> {
        TypeMirror erased = types.erasure(t);
        if (erased instanceof DeclaredType dt && dt.asElement() instanceof TypeElement te) {
          yield "L" + elements.getBinaryName(te).toString().replace('.', '/') + ";";
        }
        yield "Ljava/lang/Object;";
      }
    };
  }

  private static String primitiveDescriptor(TypeMirror t) {
    return switch (t.getKind()) {
      case BOOLEAN -> "Z";
      case BYTE -> "B";
      case SHORT -> "S";
      case CHAR -> "C";
      case INT -> "I";
      case LONG -> "J";
      default -> null;
    };
  }

  static AnnotationMirror annotation(Element e, String simpleName) {
    for (AnnotationMirror m : e.getAnnotationMirrors()) {
      Element type = m.getAnnotationType().asElement();
      if (type instanceof TypeElement te
          && te.getQualifiedName().contentEquals(LangNames.annotation(simpleName))) {
        return m;
      }
    }
    return null;
  }

  private Object value(AnnotationMirror m, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        elements.getElementValuesWithDefaults(m).entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue().getValue();
      }
    }
    return null;
  }

  private String stringValue(Element e, String annotation, String name) {
    AnnotationMirror m = annotation(e, annotation);
    return m == null ? null : (String) value(m, name);
  }

  /** Whether {@code e} carries {@code @Struct}. */
  public static boolean isStruct(Element e) {
    return e.getKind() == ElementKind.CLASS && annotation(e, LangNames.STRUCT) != null;
  }
}
