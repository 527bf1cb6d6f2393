package io.bpf4j.it.diff;

import io.bpf4j.it.diff.GenClass.GenProgram;
import io.bpf4j.it.diff.GenClass.HelperDef;
import io.bpf4j.it.diff.GenClass.MapDef;
import io.bpf4j.it.diff.GenClass.StructDef;
import java.util.List;

/** Prints a generated class as a corpus-style Java source file. */
final class ClassSource {
  private ClassSource() {}

  static String of(GenClass c, String comment) {
    Printer out = new Printer();
    out.line("package " + c.pkg() + ";");
    out.line("");
    for (String i :
        List.of(
            "io.bpf4j.annotations.License",
            "io.bpf4j.annotations.Map",
            "io.bpf4j.annotations.Section",
            "io.bpf4j.annotations.Struct",
            "io.bpf4j.lang.BpfMap",
            "io.bpf4j.lang.MapType",
            "io.bpf4j.lang.SkBuff",
            "io.bpf4j.lang.XdpMd")) {
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
    for (GenProgram p : c.programs()) {
      program(out, p);
    }
    out.line("private " + c.name() + "() {}");
    out.close().end();
    return out.toString();
  }

  private static void struct(Printer out, StructDef s) {
    out.line("@Struct");
    out.text("public static final class " + s.name() + " ").open();
    for (int i = 0; i < s.fields().size(); i++) {
      out.line("public " + s.fields().get(i).java + " f" + i + ";");
    }
    out.close().end();
    out.line("");
  }

  static void program(Printer out, GenProgram p) {
    for (MapDef m : p.maps()) {
      out.line("@Map(type = MapType." + m.type() + ", maxEntries = " + m.maxEntries() + ")");
      out.line("static BpfMap<Integer, " + m.value() + "> " + m.name() + ";");
      out.line("");
    }
    out.line("@Section(\"" + p.section() + "\")");
    out.text("public static int " + p.name() + "(" + p.contextType() + " ctx) ");
    p.body().print(out);
    out.end();
    out.line("");
    for (HelperDef h : p.helpers()) {
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
      out.text("static " + h.ret().java + " " + h.name() + "(" + params + ") ");
      h.body().print(out);
      out.end();
      out.line("");
    }
  }
}
