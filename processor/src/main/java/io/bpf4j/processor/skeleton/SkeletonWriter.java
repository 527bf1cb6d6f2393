package io.bpf4j.processor.skeleton;

import io.bpf4j.processor.model.MapModel;
import io.bpf4j.processor.model.ProgramModel;
import io.bpf4j.processor.model.SectionModel;
import io.bpf4j.processor.model.ValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Java source of {@code FooSkeleton}: typed access to a loaded program class, as {@code bpftool
 * gen skeleton} gives C and bpf2go gives Go. One final field per map, built when the object loads
 * (so a wrong key or value class fails at load, not at first use), one accessor per map and
 * program, {@code load()}, {@code attachAll()}, {@code pin(dir)} and {@code close()}; for a ring
 * buffer or perf event array, a method that opens a reader of its records ({@code eventsReader()}).
 * Maps without typed handles in the runtime (queues, stacks) are reached through {@code object()}.
 *
 * <p>Global variables: one {@code GlobalVariable<T>} accessor per {@code @Global} and
 * {@code @Config} field ({@code GlobalVariable<Long> total()}; a config one reads only). Before
 * load, {@code open()} returns a {@code FooSkeleton.Loader} with one typed setter per
 * {@code @Config} field ({@code threshold(int)}, calling {@code BpfLoader.config}), {@code
 * maxEntries}, {@code pinMapsIn} and {@code load()}; {@code of(BpfObject)} wraps an object loaded
 * otherwise.
 */
public final class SkeletonWriter {
  /** Names of the skeleton's own members, which an accessor may not take. */
  private static final Set<String> RESERVED =
      Set.of(
          "load",
          "open",
          "of",
          "object",
          "pin",
          "attachAll",
          "close",
          "toString",
          "hashCode",
          "equals",
          "getClass");

  private SkeletonWriter() {}

  /** The skeleton's simple name for a program class's simple name. */
  public static String className(String programSimpleName) {
    return programSimpleName + "Skeleton";
  }

  /** The whole source file. */
  public static String source(String packageName, String programSimpleName, ProgramModel model) {
    String skeleton = className(programSimpleName);
    String prefix = packageName.isEmpty() ? "" : packageName + ".";
    Set<String> used = new HashSet<>(RESERVED);
    List<String> fields = new ArrayList<>();
    List<String> inits = new ArrayList<>();
    List<String> accessors = new ArrayList<>();
    for (MapModel m : model.maps().values()) {
      String handle = handleType(m, prefix);
      if (handle == null) {
        continue;
      }
      String name = unique(m.fieldName(), "Map", used);
      fields.add("  private final " + handle + " " + name + ";");
      inits.add("      this." + name + " = " + handleInit(m, prefix) + ";");
      accessors.add(
          javadoc(
                  "Map {@code "
                      + m.name()
                      + "} ("
                      + m.typeName()
                      + ", max_entries "
                      + m.maxEntries()
                      + ").")
              + "  public "
              + handle
              + " "
              + name
              + "() {\n    return "
              + name
              + ";\n  }\n");
    }
    boolean readers = false;
    for (MapModel m : model.maps().values()) {
      String reader = readerAccessor(m, prefix, used);
      if (reader != null) {
        accessors.add(reader);
        readers = true;
      }
    }
    for (SectionModel s : model.sections()) {
      String name = unique(s.methodName(), "Program", used);
      accessors.add(
          javadoc("Program {@code " + s.methodName() + "}, section {@code " + s.section() + "}.")
              + "  public BpfProgram "
              + name
              + "() {\n    return object.program(\""
              + s.methodName()
              + "\");\n  }\n");
    }
    List<String> configSetters = new ArrayList<>();
    for (io.bpf4j.processor.model.GlobalModel g : model.globals().values()) {
      String type = globalType(g, prefix);
      if (type == null) {
        continue;
      }
      String name = unique(g.fieldName(), "Global", used);
      accessors.add(
          javadoc(
                  (g.config() ? "Configuration {@code " : "Global variable {@code ")
                      + g.fieldName()
                      + (g.config()
                          ? "} (.rodata): readable; set it before load on {@link Loader}."
                          : "}, memory-mapped: get and set without a system call."))
              + "  public GlobalVariable<"
              + type
              + "> "
              + name
              + "() {\n    return object.global(\""
              + g.fieldName()
              + "\", "
              + type
              + ".class);\n  }\n");
      if (g.config()) {
        String setter =
            Set.of("load", "loader", "maxEntries", "pinMapsIn").contains(g.fieldName())
                ? g.fieldName() + "Config"
                : g.fieldName();
        configSetters.add(
            "\n    /** Sets {@code "
                + g.fieldName()
                + "} before load. */\n    public Loader "
                + setter
                + "("
                + parameterType(g, prefix)
                + " value) {\n      loader.config(\""
                + g.fieldName()
                + "\", value);\n      return this;\n    }\n");
      }
    }
    StringBuilder out = new StringBuilder();
    if (!packageName.isEmpty()) {
      out.append("package ").append(packageName).append(";\n\n");
    }
    out.append(
        String.join(
            "\n",
            imports(fields, !model.sections().isEmpty(), readers, model, accessors),
            "/**",
            " * Typed access to {@link "
                + programSimpleName
                + "} loaded into the kernel: its maps and",
            " * programs by their Java names. Generated by the bpf4j processor; close it to unload.",
            " */",
            "@javax.annotation.processing.Generated(\"io.bpf4j.processor.BpfProcessor\")",
            "public final class " + skeleton + " implements AutoCloseable {",
            "  private final BpfObject object;",
            ""));
    fields.forEach(f -> out.append(f).append('\n'));
    out.append(
        String.join(
            "\n",
            "",
            "  private " + skeleton + "(BpfObject object) {",
            "    this.object = object;",
            "    try {",
            ""));
    inits.forEach(i -> out.append(i).append('\n'));
    out.append(
        String.join(
            "\n",
            "    } catch (RuntimeException e) {",
            "      object.close();",
            "      throw e;",
            "    }",
            "  }",
            "",
            "  /** Loads {@code " + programSimpleName + ".bpf.o} from the class path. */",
            "  public static " + skeleton + " load() {",
            "    return open().load();",
            "  }",
            "",
            "  /**",
            "   * Reads {@code "
                + programSimpleName
                + ".bpf.o} from the class path without loading it:",
            "   * set configuration and map sizes on the loader, then {@link Loader#load()}.",
            "   */",
            "  public static Loader open() {",
            "    return new Loader(BpfRuntime.open(" + programSimpleName + ".class));",
            "  }",
            "",
            "  /** The skeleton of an object of {@code "
                + programSimpleName
                + "} loaded otherwise. */",
            "  public static " + skeleton + " of(BpfObject object) {",
            "    return new " + skeleton + "(object);",
            "  }",
            "",
            "  /** The loaded object, for what the skeleton does not name. */",
            "  public BpfObject object() {",
            "    return object;",
            "  }",
            "",
            "  /** Pins every map and program under {@code dir}, by name. */",
            "  public void pin(Path dir) {",
            "    object.pin(dir);",
            "  }",
            ""));
    if (!model.sections().isEmpty()) {
      out.append(
          String.join(
              "\n",
              "",
              "  /**",
              "   * Attaches every program whose section names its target (tracepoints, raw",
              "   * tracepoints, tp_btf, uprobes with a path, ...); the links close with the object.",
              "   */",
              "  public List<BpfLink> attachAll() {",
              "    return object.attachAll();",
              "  }",
              ""));
    }
    for (String a : accessors) {
      out.append('\n').append(a);
    }
    out.append(
        String.join(
            "\n",
            "",
            "  /** Unloads: closes every map and program the object holds. */",
            "  @Override",
            "  public void close() {",
            "    object.close();",
            "  }",
            "",
            "  /** The object before load: typed {@code @Config} setters over a {@link BpfLoader}. */",
            "  public static final class Loader {",
            "    private final BpfLoader loader;",
            "",
            "    private Loader(BpfLoader loader) {",
            "      this.loader = loader;",
            "    }",
            ""));
    configSetters.forEach(out::append);
    out.append(
        String.join(
            "\n",
            "",
            "    /** Gives map {@code map} {@code n} entries instead of its declared max_entries. */",
            "    public Loader maxEntries(String map, int n) {",
            "      loader.maxEntries(map, n);",
            "      return this;",
            "    }",
            "",
            "    /** Where maps declared {@code pinning = BY_NAME} live ({@code /sys/fs/bpf}). */",
            "    public Loader pinMapsIn(Path dir) {",
            "      loader.pinMapsIn(dir);",
            "      return this;",
            "    }",
            "",
            "    /** The untyped loader, for what the skeleton does not name. */",
            "    public BpfLoader loader() {",
            "      return loader;",
            "    }",
            "",
            "    /** Loads the object with the values set. */",
            "    public " + skeleton + " load() {",
            "      return new " + skeleton + "(loader.load());",
            "    }",
            "  }",
            "}",
            ""));
    return out.toString();
  }

  /**
   * For a ring buffer or perf event array of a known record type: a method opening a reader of its
   * records, which the caller closes; null for other maps.
   */
  private static String readerAccessor(MapModel m, String prefix, Set<String> used) {
    if (!m.holdsRecords() || m.value() == null) {
      return null;
    }
    String record = javaType(m.value(), prefix);
    String name = unique(m.fieldName() + "Reader", "_", used);
    if (m.typeName().equals("RINGBUF")) {
      return javadoc(
              "Opens a reader of ring buffer {@code "
                  + m.name()
                  + "}: close it when done (it holds an epoll fd and the ring's mapping).")
          + "  public RingBufReader<"
          + record
          + "> "
          + name
          + "() {\n    return object.ringBuf(\""
          + m.name()
          + "\", "
          + record
          + ".class);\n  }\n";
    }
    return javadoc(
            "Opens a reader of perf event array {@code "
                + m.name()
                + "} with {@code pagesPerCpu} pages per CPU (a power of two): close it when done.")
        + "  public PerfBufferReader<"
        + record
        + "> "
        + name
        + "(int pagesPerCpu) {\n    return object.perfBuffer(\""
        + m.name()
        + "\", "
        + record
        + ".class, pagesPerCpu);\n  }\n";
  }

  /** The imports the source uses, then a blank line. */
  private static String imports(
      List<String> fields,
      boolean programs,
      boolean readers,
      ProgramModel model,
      List<String> accessors) {
    boolean maps = fields.stream().anyMatch(f -> f.contains(" MapHandle<"));
    boolean progArrays = fields.stream().anyMatch(f -> f.contains(" ProgArrayHandle "));
    List<String> lines = new ArrayList<>();
    if (programs) {
      lines.add("import io.bpf4j.runtime.BpfLink;");
    }
    lines.add("import io.bpf4j.runtime.BpfLoader;");
    lines.add("import io.bpf4j.runtime.BpfObject;");
    if (programs) {
      lines.add("import io.bpf4j.runtime.BpfProgram;");
    }
    lines.add("import io.bpf4j.runtime.BpfRuntime;");
    if (accessors.stream().anyMatch(a -> a.contains(" GlobalVariable<"))) {
      lines.add("import io.bpf4j.runtime.GlobalVariable;");
    }
    if (maps) {
      lines.add("import io.bpf4j.runtime.MapHandle;");
    }
    boolean perf =
        readers
            && model.maps().values().stream()
                .anyMatch(
                    m -> m.holdsRecords() && m.value() != null && !m.typeName().equals("RINGBUF"));
    boolean rings =
        readers
            && model.maps().values().stream()
                .anyMatch(
                    m -> m.holdsRecords() && m.value() != null && m.typeName().equals("RINGBUF"));
    if (perf) {
      lines.add("import io.bpf4j.runtime.PerfBufferReader;");
    }
    if (fields.stream().anyMatch(f -> f.contains(" MapOfMapsHandle<"))) {
      lines.add("import io.bpf4j.runtime.MapOfMapsHandle;");
    }
    if (progArrays) {
      lines.add("import io.bpf4j.runtime.ProgArrayHandle;");
    }
    if (fields.stream().anyMatch(f -> f.contains(" QueueHandle<"))) {
      lines.add("import io.bpf4j.runtime.QueueHandle;");
    }
    if (rings) {
      lines.add("import io.bpf4j.runtime.RingBufReader;");
    }
    lines.add("import java.nio.file.Path;");
    if (programs) {
      lines.add("import java.util.List;");
    }
    lines.add("");
    return String.join("\n", lines);
  }

  private static String handleType(MapModel m, String prefix) {
    if (m.isProgArray()) {
      return "ProgArrayHandle";
    }
    if (m.isQueueOrStack() && m.value() != null) {
      return "QueueHandle<" + javaType(m.value(), prefix) + ">";
    }
    if (m.isMapOfMaps() && m.key() != null) {
      return "MapOfMapsHandle<" + javaType(m.key(), prefix) + ">";
    }
    if (m.key() == null || m.value() == null || m.holdsRecords()) {
      return null;
    }
    return switch (m.typeName()) {
      case "HASH",
              "ARRAY",
              "PERCPU_HASH",
              "PERCPU_ARRAY",
              "LRU_HASH",
              "LRU_PERCPU_HASH",
              "LPM_TRIE" ->
          "MapHandle<" + javaType(m.key(), prefix) + ", " + javaType(m.value(), prefix) + ">";
      default -> null;
    };
  }

  private static String handleInit(MapModel m, String prefix) {
    if (m.isProgArray()) {
      return "object.progArray(\"" + m.name() + "\")";
    }
    if (m.isQueueOrStack()) {
      return "object.queue(\"" + m.name() + "\", " + javaType(m.value(), prefix) + ".class)";
    }
    if (m.isMapOfMaps()) {
      return "object.mapOfMaps(\"" + m.name() + "\", " + javaType(m.key(), prefix) + ".class)";
    }
    return "object.map(\""
        + m.name()
        + "\", "
        + javaType(m.key(), prefix)
        + ".class, "
        + javaType(m.value(), prefix)
        + ".class)";
  }

  /** The Java source name of a key or value type; structs of this package by their short name. */
  private static String javaType(ValueType t, String prefix) {
    return switch (t.kind()) {
      case INT -> "Integer";
      case LONG -> "Long";
      case STRUCT -> {
        String name = t.struct().internalName().replace('/', '.').replace('$', '.');
        yield name.startsWith(prefix) ? name.substring(prefix.length()) : name;
      }
    };
  }

  /** The boxed Java type of a global's value ({@code Long}, {@code int[]}, a struct); else null. */
  private static String globalType(io.bpf4j.processor.model.GlobalModel g, String prefix) {
    if (g.isStruct()) {
      String name = g.struct().internalName().replace('/', '.').replace('$', '.');
      return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }
    if (g.isArray()) {
      String element = primitive(g.elementDescriptor());
      return element == null ? null : element + "[]";
    }
    return switch (g.descriptor()) {
      case "J" -> "Long";
      case "I" -> "Integer";
      case "S" -> "Short";
      case "B" -> "Byte";
      case "Z" -> "Boolean";
      case "C" -> "Character";
      default -> null;
    };
  }

  /** The setter's parameter type: the primitive for scalars, else the value type. */
  private static String parameterType(io.bpf4j.processor.model.GlobalModel g, String prefix) {
    String p = g.isArray() || g.isStruct() ? null : primitive(g.descriptor());
    return p != null ? p : globalType(g, prefix);
  }

  private static String primitive(String descriptor) {
    return switch (descriptor) {
      case "J" -> "long";
      case "I" -> "int";
      case "S" -> "short";
      case "B" -> "byte";
      case "Z" -> "boolean";
      case "C" -> "char";
      default -> null;
    };
  }

  private static String unique(String name, String suffix, Set<String> used) {
    String n = used.contains(name) ? name + suffix : name;
    while (!used.add(n)) {
      n = n + "_";
    }
    return n;
  }

  private static String javadoc(String text) {
    return "  /** " + text + " */\n";
  }
}
