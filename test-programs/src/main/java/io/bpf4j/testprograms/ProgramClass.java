package io.bpf4j.testprograms;

import io.bpf4j.lang.MapType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A generated program class: its {@code @Struct} types and its programs, each with its own maps and
 * helper methods so that programs of one class never see each other's state.
 *
 * @param inline false when the class is compiled with {@code -Abpf4j.inline=false}
 */
public record ProgramClass(
    String pkg, String name, List<StructDef> structs, List<Program> programs, boolean inline) {
  public ProgramClass {
    structs = List.copyOf(structs);
    programs = List.copyOf(programs);
  }

  public String binaryName() {
    return pkg + "." + name;
  }

  public ProgramClass withPrograms(List<Program> ps) {
    return new ProgramClass(pkg, name, structs, ps, inline);
  }

  public ProgramClass renamed(String pkg, String name) {
    return new ProgramClass(pkg, name, structs, programs, inline);
  }

  public ProgramClass mapPrograms(UnaryOperator<Program> f) {
    List<Program> out = new ArrayList<>();
    for (Program p : programs) {
      out.add(f.apply(p));
    }
    return withPrograms(out);
  }

  public Program program(String name) {
    for (Program p : programs) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException(name + " is not a program of " + this.name);
  }

  /**
   * A {@code @Struct} class {@code name} with fields {@code f0, f1, ...} of these types; the fields
   * numbered in {@code atomic} (int or long ones, fuzz only) are {@code @Atomic}.
   */
  public record StructDef(String name, List<Ty> fields, Set<Integer> atomic) {
    public StructDef {
      fields = List.copyOf(fields);
      atomic = Set.copyOf(atomic);
    }

    public StructDef(String name, List<Ty> fields) {
      this(name, fields, Set.of());
    }

    public boolean isAtomic(int field) {
      return atomic.contains(field);
    }
  }

  /**
   * A map of one program: {@code BpfMap<key, value>} ({@code Integer} keys used by the program
   * mostly within {@code 0 .. keySpace-1}, or a {@code @Struct} key, fuzz only), or a ring buffer
   * of {@code value} or a prog array (fuzz only).
   */
  public record MapDef(
      String name, MapType type, int maxEntries, String key, String value, int keySpace) {
    public MapDef(String name, MapType type, int maxEntries, String value, int keySpace) {
      this(name, type, maxEntries, "Integer", value, keySpace);
    }

    /** The map field's declared type. */
    public String javaType() {
      return switch (type) {
        case RINGBUF -> "RingBuf<" + value + ">";
        case PROG_ARRAY -> "ProgArray";
        default -> "BpfMap<" + key + ", " + value + ">";
      };
    }

    public boolean isArray() {
      return isArray(type);
    }

    static boolean isArray(MapType type) {
      return type == MapType.ARRAY || type == MapType.PERCPU_ARRAY;
    }

    /**
     * How many keys programs use for a map: an array's indexes; for a hash map half again its size,
     * so that lookups both hit and miss and updates can fill it.
     */
    public static int keySpace(MapType type, int maxEntries) {
      return isArray(type) ? maxEntries : maxEntries + maxEntries / 2;
    }
  }

  /**
   * A static helper method: {@code static ret name([Ctx ctx,] [S o,] params...) { body }}, whose
   * body ends with its return.
   */
  public record HelperDef(
      String name, Ty ret, boolean ctx, String struct, List<Ty> params, Stmt.Block body) {
    public HelperDef {
      params = List.copyOf(params);
    }

    public HelperDef withBody(Stmt.Block b) {
      return new HelperDef(name, ret, ctx, struct, params, b);
    }
  }

  /** {@code @TailCallTarget(map = "map", index = index)} on a program (fuzz only). */
  public record TailCallSlot(String map, int index) {}

  /**
   * One {@code @Section} program with its maps and helpers; {@code seed} fixes its starting map
   * contents and its frames; {@code slot}, when not null, puts it into a prog array.
   */
  public record Program(
      String name,
      String section,
      List<MapDef> maps,
      List<HelperDef> helpers,
      Stmt.Block body,
      long seed,
      TailCallSlot slot) {
    public Program {
      maps = List.copyOf(maps);
      helpers = List.copyOf(helpers);
    }

    public Program(
        String name,
        String section,
        List<MapDef> maps,
        List<HelperDef> helpers,
        Stmt.Block body,
        long seed) {
      this(name, section, maps, helpers, body, seed, null);
    }

    public Program withBody(Stmt.Block b) {
      return new Program(name, section, maps, helpers, b, seed, slot);
    }

    public Program withHelpers(List<HelperDef> hs) {
      return new Program(name, section, maps, hs, body, seed, slot);
    }

    public Program withSlot(TailCallSlot s) {
      return new Program(name, section, maps, helpers, body, seed, s);
    }

    /** The context class of the program's section. */
    public String contextType() {
      return contextType(section);
    }

    /** The context class of programs of {@code section}. */
    public static String contextType(String section) {
      if (section.equals("xdp")) {
        return "XdpMd";
      }
      if (section.startsWith("raw_tp") || section.startsWith("raw_tracepoint")) {
        return "RawTracepointArgs";
      }
      if (section.startsWith("tp/") || section.startsWith("tracepoint")) {
        return "TracepointContext";
      }
      return "SkBuff";
    }

    /** Whether the context is a packet (socket, tc, cgroup_skb and XDP programs). */
    public boolean hasPacket() {
      String c = contextType();
      return c.equals("SkBuff") || c.equals("XdpMd");
    }
  }
}
