package io.bpf4j.it.diff;

import io.bpf4j.lang.MapType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A generated program class: its {@code @Struct} types and its programs, each with its own maps and
 * helper methods so that programs of one class never see each other's state.
 *
 * @param inline false when the class is compiled with {@code -Abpf4j.inline=false}
 */
record GenClass(
    String pkg, String name, List<StructDef> structs, List<GenProgram> programs, boolean inline) {
  GenClass {
    structs = List.copyOf(structs);
    programs = List.copyOf(programs);
  }

  String binaryName() {
    return pkg + "." + name;
  }

  GenClass withPrograms(List<GenProgram> ps) {
    return new GenClass(pkg, name, structs, ps, inline);
  }

  GenClass renamed(String pkg, String name) {
    return new GenClass(pkg, name, structs, programs, inline);
  }

  GenClass mapPrograms(UnaryOperator<GenProgram> f) {
    List<GenProgram> out = new ArrayList<>();
    for (GenProgram p : programs) {
      out.add(f.apply(p));
    }
    return withPrograms(out);
  }

  GenProgram program(String name) {
    for (GenProgram p : programs) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException(name + " is not a program of " + this.name);
  }

  /** A {@code @Struct} class {@code name} with fields {@code f0, f1, ...} of these types. */
  record StructDef(String name, List<Ty> fields) {
    StructDef {
      fields = List.copyOf(fields);
    }
  }

  /**
   * A map of one program: {@code BpfMap<Integer, value>}, keys used by the program mostly within
   * {@code 0 .. keySpace-1}.
   */
  record MapDef(String name, MapType type, int maxEntries, String value, int keySpace) {
    boolean isArray() {
      return type == MapType.ARRAY || type == MapType.PERCPU_ARRAY;
    }
  }

  /**
   * A static helper method: {@code static ret name([Ctx ctx,] [S o,] params...) { body }}, whose
   * body ends with its return.
   */
  record HelperDef(
      String name, Ty ret, boolean ctx, String struct, List<Ty> params, Stmt.Block body) {
    HelperDef {
      params = List.copyOf(params);
    }

    HelperDef withBody(Stmt.Block b) {
      return new HelperDef(name, ret, ctx, struct, params, b);
    }
  }

  /**
   * One {@code @Section} program with its maps and helpers; {@code seed} fixes its starting map
   * contents and its frames.
   */
  record GenProgram(
      String name,
      String section,
      List<MapDef> maps,
      List<HelperDef> helpers,
      Stmt.Block body,
      long seed) {
    GenProgram {
      maps = List.copyOf(maps);
      helpers = List.copyOf(helpers);
    }

    GenProgram withBody(Stmt.Block b) {
      return new GenProgram(name, section, maps, helpers, b, seed);
    }

    GenProgram withHelpers(List<HelperDef> hs) {
      return new GenProgram(name, section, maps, hs, body, seed);
    }

    String contextType() {
      return section.equals("xdp") ? "XdpMd" : "SkBuff";
    }
  }
}
