package io.bpf4j.processor.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A generated BPF program class: fixed members (structs, maps, constants) and methods whose bodies
 * are statement trees with holes. It renders as Java source, with or without constructs injected
 * into its holes.
 *
 * @param packageName the package of the class
 * @param name its simple name
 * @param members member declarations, each a list of lines
 * @param methods its methods
 */
public record GeneratedClass(
    String packageName, String name, List<List<String>> members, List<Method> methods) {

  /** A method: its header lines (annotations, signature ending in "{") and its body. */
  public record Method(List<String> header, List<Stmt> body) {}

  /** An injection and where it goes: a hole's id, or -1 when it only adds members. */
  public record Placement(int hole, Injection injection) {}

  /** An injection placed in rendered source, and the lines where its error may be reported. */
  public record Expectation(Injection injection, Set<Integer> lines) {}

  /** Rendered source and what javac must report about it (nothing for a clean program). */
  public record Rendered(String source, List<Expectation> expectations) {
    /** The source with line numbers, for failure reports. */
    public String numbered() {
      String[] lines = source.split("\n", -1);
      return IntStream.range(0, lines.length)
          .mapToObj(i -> String.format("%4d  %s", i + 1, lines[i]))
          .collect(Collectors.joining("\n"));
    }

    /** Every line where an error may be reported. */
    public Set<Integer> blamedLines() {
      Set<Integer> out = new LinkedHashSet<>();
      expectations.forEach(e -> out.addAll(e.lines()));
      return out;
    }
  }

  /** Every hole of every method, in source order. */
  public List<Stmt.Hole> holes() {
    List<Stmt.Hole> out = new ArrayList<>();
    methods.forEach(m -> holes(m.body(), out));
    return out;
  }

  private static void holes(List<Stmt> body, List<Stmt.Hole> out) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Hole h) {
        out.add(h);
      } else if (s instanceof Stmt.Block b) {
        b.bodies().forEach(inner -> holes(inner, out));
      }
    }
  }

  public String qualifiedName() {
    return packageName + "." + name;
  }

  /** The class with {@code rewrite} applied to the method list (for shrinking). */
  public GeneratedClass withMethods(UnaryOperator<List<Method>> rewrite) {
    return new GeneratedClass(packageName, name, members, rewrite.apply(methods));
  }

  /** The source without injections: the control program, which must compile. */
  public Rendered render() {
    return render(List.of());
  }

  /** The source with {@code placements} injected. */
  public Rendered render(List<Placement> placements) {
    Writer w = new Writer(placements);
    w.line("package " + packageName + ";");
    w.line("");
    w.line("import io.bpf4j.annotations.*;");
    w.line("import io.bpf4j.lang.*;");
    w.line("");
    w.line("@License(\"GPL\")");
    w.line("public final class " + name + " {");
    w.indent++;
    for (List<String> member : members) {
      member.forEach(w::line);
      w.line("");
    }
    for (Method m : methods) {
      m.header().forEach(w::line);
      w.body(m.body());
      w.line("}");
      w.line("");
    }
    for (Placement p : placements) {
      for (Injection.Member m : p.injection().members()) {
        int line = w.line(m.text());
        if (m.blamed()) {
          w.blame(p, line);
        }
      }
    }
    w.line("private " + name + "() {}");
    w.indent--;
    w.line("}");
    List<Expectation> expectations = new ArrayList<>();
    for (Placement p : placements) {
      expectations.add(new Expectation(p.injection(), w.blamed.getOrDefault(p, Set.of())));
    }
    return new Rendered(w.out.toString(), expectations);
  }

  /** Writes lines with indentation, counting them. */
  private static final class Writer {
    final StringBuilder out = new StringBuilder();
    final List<Placement> placements;
    final java.util.Map<Placement, Set<Integer>> blamed = new java.util.IdentityHashMap<>();
    int indent;
    int lines;

    Writer(List<Placement> placements) {
      this.placements = placements;
    }

    int line(String text) {
      out.append(text.isEmpty() ? "" : "  ".repeat(indent)).append(text).append('\n');
      return ++lines;
    }

    void blame(Placement p, int line) {
      blamed.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(line);
    }

    void body(List<Stmt> stmts) {
      indent++;
      for (Stmt s : stmts) {
        stmt(s);
      }
      indent--;
    }

    void stmt(Stmt s) {
      if (s instanceof Stmt.Line l) {
        line(l.text());
      } else if (s instanceof Stmt.Block b) {
        for (int i = 0; i < b.headers().size(); i++) {
          line(b.headers().get(i));
          body(b.bodies().get(i));
        }
        line(b.close());
      } else if (s instanceof Stmt.Hole h) {
        for (Placement p : placements) {
          if (p.hole() == h.id()) {
            int line = line(p.injection().statement());
            if (p.injection().blameStatement()) {
              blame(p, line);
            }
          }
        }
      }
    }
  }
}
