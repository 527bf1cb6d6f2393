package io.bpf4j.processor.fuzz;

import io.bpf4j.testprograms.ClassSource;
import io.bpf4j.testprograms.Expr;
import io.bpf4j.testprograms.Printer;
import io.bpf4j.testprograms.ProgramClass;
import io.bpf4j.testprograms.ProgramClass.Program;
import io.bpf4j.testprograms.ProgramGenerator;
import io.bpf4j.testprograms.Stmt;
import io.bpf4j.testprograms.Stmt.Block;
import io.bpf4j.testprograms.Stmt.Hole;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A fuzz case's valid program: a class from the shared {@link ProgramGenerator} ({@link
 * ProgramGenerator.Knobs#FUZZ}, where every statement is live), made ready for injections. Every
 * method gets {@code int acc} and {@code long lacc}, which injected statements use; every program
 * calls each of its helpers, so that what is injected into a helper is compiled; and a {@link Hole}
 * before every statement and at the end of every block records what is in scope there ({@link
 * Scope}). The class also gets the members injected statements name: the struct {@code Rec} and the
 * maps {@code recs}, {@code recs2} and {@code counts}.
 *
 * @param program the class, with holes
 * @param scopes what is in scope at each hole, by hole id
 */
public record FuzzProgram(ProgramClass program, Map<Integer, Scope> scopes) {
  /** The package of generated classes. */
  public static final String PACKAGE = "fuzz";

  private static final List<String> IMPORTS = List.of("io.bpf4j.annotations.*", "io.bpf4j.lang.*");

  private static final List<String> MEMBERS =
      List.of(
          "@Struct",
          "public static final class Rec {",
          "  @Atomic public long hits;",
          "  @Atomic public int flags;",
          "  public int a;",
          "  public long b;",
          "  public short s;",
          "  public byte c;",
          "  public char ch;",
          "  public boolean seen;",
          "}",
          "",
          "@Map(type = MapType.HASH, maxEntries = 64)",
          "static BpfMap<Integer, Rec> recs;",
          "",
          "@Map(type = MapType.LRU_HASH, maxEntries = 64)",
          "static BpfMap<Integer, Rec> recs2;",
          "",
          "@Map(type = MapType.ARRAY, maxEntries = 8)",
          "static BpfMap<Integer, Long> counts;",
          "");

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

  /** A random valid program class named {@code className} in {@link #PACKAGE}. */
  public static FuzzProgram generate(Random rnd, String className) {
    int programs = 1 + rnd.nextInt(3);
    ProgramClass c =
        new ProgramGenerator(rnd.nextLong(), ProgramGenerator.Knobs.FUZZ)
            .generateClass(PACKAGE, className, programs, true);
    return HoleMaker.prepare(c);
  }

  public String qualifiedName() {
    return program.binaryName();
  }

  /** Every hole, in source order. */
  public List<Hole> holes() {
    List<Hole> out = new ArrayList<>();
    for (Program p : program.programs()) {
      holes(p.body(), out);
      p.helpers().forEach(h -> holes(h.body(), out));
    }
    return out;
  }

  private static void holes(Block b, List<Hole> out) {
    for (Stmt s : b.stmts()) {
      if (s instanceof Hole h) {
        out.add(h);
      }
      s.blocks().forEach(inner -> holes(inner, out));
    }
  }

  /** This case's class replaced by a smaller one (holes keep their ids and scopes). */
  public FuzzProgram with(ProgramClass smaller) {
    return new FuzzProgram(smaller, scopes);
  }

  /**
   * What shrinking must keep: the holes holding injections, the calls that make helpers reachable,
   * and {@code acc} and {@code lacc}, which injected statements use.
   */
  public static Predicate<Stmt> keeping(Set<Integer> holes) {
    return s ->
        s instanceof Hole h && holes.contains(h.id())
            || s instanceof Stmt.Eval e
                && (e.expr() instanceof Expr.Call || e.expr() instanceof Expr.StructCall)
            || s instanceof Stmt.Decl d && (d.name().equals("acc") || d.name().equals("lacc"));
  }

  /** The source without injections: the control program, which must compile. */
  public Rendered render() {
    return render(List.of());
  }

  /** The source with {@code placements} injected. */
  public Rendered render(List<Placement> placements) {
    Printer out = new Printer();
    Map<Placement, Set<Integer>> blamed = new IdentityHashMap<>();
    out.fillHoles(
        id -> {
          for (Placement p : placements) {
            if (p.hole() == id) {
              int line = out.lineNumber();
              out.line(p.injection().statement());
              if (p.injection().blameStatement()) {
                blamed.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(line);
              }
            }
          }
        });
    ClassSource.write(
        out,
        program,
        IMPORTS,
        "A fuzz case.",
        o -> {
          MEMBERS.forEach(o::line);
          for (Placement p : placements) {
            for (Injection.Member m : p.injection().members()) {
              int line = o.lineNumber();
              o.line(m.text());
              if (m.blamed()) {
                blamed.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(line);
              }
            }
          }
        });
    List<Expectation> expectations = new ArrayList<>();
    for (Placement p : placements) {
      expectations.add(new Expectation(p.injection(), blamed.getOrDefault(p, Set.of())));
    }
    return new Rendered(out.toString(), expectations);
  }
}
