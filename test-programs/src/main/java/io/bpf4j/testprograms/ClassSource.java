package io.bpf4j.testprograms;

import io.bpf4j.testprograms.ProgramClass.HelperDef;
import io.bpf4j.testprograms.ProgramClass.MapDef;
import io.bpf4j.testprograms.ProgramClass.Program;
import io.bpf4j.testprograms.ProgramClass.StructDef;
import java.util.List;
import java.util.function.Consumer;

/** Prints a generated class as a corpus-style Java source file. */
public final class ClassSource {
  /** The imports of a class that uses only what the generator writes. */
  public static final List<String> IMPORTS =
      List.of(
          "io.bpf4j.annotations.License",
          "io.bpf4j.annotations.Map",
          "io.bpf4j.annotations.Section",
          "io.bpf4j.annotations.Struct",
          "io.bpf4j.lang.BpfMap",
          "io.bpf4j.lang.MapType",
          "io.bpf4j.lang.SkBuff",
          "io.bpf4j.lang.XdpMd");

  private ClassSource() {}

  /** The source of {@code c}, with {@code comment} as its Javadoc. */
  public static String of(ProgramClass c, String comment) {
    Printer out = new Printer();
    write(out, c, IMPORTS, comment, p -> {});
    return out.toString();
  }

  /**
   * Prints {@code c} into {@code out} with these imports; {@code members} prints more class members
   * after the programs (a test's own fields and methods).
   */
  public static void write(
      Printer out,
      ProgramClass c,
      List<String> imports,
      String comment,
      Consumer<Printer> members) {
    out.line("package " + c.pkg() + ";");
    out.line("");
    for (String i : imports) {
      out.line("import " + i + ";");
    }
    out.line("");
    out.line("/**");
    for (String l : comment.split("\n")) {
      out.line(" * " + l);
    }
    out.line(" */");
    out.line("@License(\"GPL\")");
    out.text("public final class " + c.name() + " ").open();
    for (StructDef s : c.structs()) {
      struct(out, s);
    }
    for (Program p : c.programs()) {
      program(out, p);
    }
    members.accept(out);
    out.line("private " + c.name() + "() {}");
    out.close().end();
  }

  private static void struct(Printer out, StructDef s) {
    out.line("@Struct");
    out.text("public static final class " + s.name() + " ").open();
    for (int i = 0; i < s.fields().size(); i++) {
      String atomic = s.isAtomic(i) ? "@Atomic " : "";
      out.line(atomic + "public " + s.fields().get(i).java + " f" + i + ";");
    }
    out.close().end();
    out.line("");
  }

  private static void program(Printer out, Program p) {
    for (MapDef m : p.maps()) {
      out.line("@Map(type = MapType." + m.type() + ", maxEntries = " + m.maxEntries() + ")");
      out.line("static " + m.javaType() + " " + m.name() + ";");
      out.line("");
    }
    out.line("@Section(\"" + p.section() + "\")");
    if (p.slot() != null) {
      out.line(
          "@TailCallTarget(map = \"" + p.slot().map() + "\", index = " + p.slot().index() + ")");
    }
    out.text("public static int " + p.name() + "(" + p.contextType() + " ctx) ");
    p.body().print(out);
    out.end();
    out.line("");
    for (HelperDef h : p.helpers()) {
      out.text("static " + h.ret().java + " " + h.name() + "(" + parameters(p, h) + ") ");
      h.body().print(out);
      out.end();
      out.line("");
    }
  }

  /** The parameter list of helper {@code h} of {@code p}. */
  public static String parameters(Program p, HelperDef h) {
    StringBuilder params = new StringBuilder();
    if (h.ctx()) {
      params.append(p.contextType()).append(" ctx");
    }
    if (h.struct() != null) {
      params.append(params.length() > 0 ? ", " : "").append(h.struct()).append(" o");
    }
    for (int i = 0; i < h.params().size(); i++) {
      params.append(params.length() > 0 ? ", " : "");
      params.append(h.params().get(i).java).append(" q").append(i);
    }
    return params.toString();
  }
}
