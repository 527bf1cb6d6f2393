package io.bpf4j.processor.model;

import com.sun.source.util.Trees;
import io.bpf4j.object.kernel.ProgramSections;
import io.bpf4j.object.kernel.ProgramType;
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
    for (VariableElement field : ElementFilter.fieldsIn(cls.getEnclosedElements())) {
      AnnotationMirror ann = annotation(field, LangNames.MAP);
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
          sections.add(s);
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
        parameterNames);
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
        list);
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
    switch (raw.replace('.', '/')) {
      case LangNames.BPF_MAP -> {
        if (dt.getTypeArguments().size() != 2) {
          error(field, Messages.mapFieldShape(fieldName));
          return null;
        }
        key = valueType(field, dt.getTypeArguments().get(0), structs);
        val = valueType(field, dt.getTypeArguments().get(1), structs);
        if (key == null || val == null) {
          return null;
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
      default -> {
        error(field, Messages.mapFieldShape(fieldName));
        return null;
      }
    }
    if (maxEntries <= 0) {
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
        List.of());
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
