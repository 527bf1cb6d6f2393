package io.bpf4j.processor.fuzz;

import io.bpf4j.testprograms.Expr;
import io.bpf4j.testprograms.ProgramClass;
import io.bpf4j.testprograms.ProgramClass.HelperDef;
import io.bpf4j.testprograms.ProgramClass.Program;
import io.bpf4j.testprograms.Stmt;
import io.bpf4j.testprograms.Stmt.Block;
import io.bpf4j.testprograms.Stmt.Hole;
import io.bpf4j.testprograms.Ty;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a generated class ready for injections ({@link FuzzProgram}): {@code acc} and {@code lacc}
 * in every method, a call of every helper at the end of each program, and holes with their {@link
 * Scope}s.
 */
final class HoleMaker {
  private final ProgramClass c;
  private final Map<Integer, Scope> scopes = new HashMap<>();
  private int holes;

  /** The method being prepared, as a {@link Scope} without its int variables. */
  private Scope method;

  private HoleMaker(ProgramClass c) {
    this.c = c;
  }

  static FuzzProgram prepare(ProgramClass c) {
    HoleMaker m = new HoleMaker(c);
    ProgramClass prepared = c.mapPrograms(m::program);
    return new FuzzProgram(prepared, Map.copyOf(m.scopes));
  }

  private Program program(Program p) {
    List<HelperDef> helpers = new ArrayList<>();
    for (HelperDef h : p.helpers()) {
      helpers.add(helper(p, h));
    }
    method =
        new Scope(
            c.name(),
            p.name(),
            "int",
            p.name() + "(ctx)",
            "ctx",
            p.contextType(),
            p.section().equals("xdp"),
            List.of());
    List<Stmt> body = new ArrayList<>(accumulators());
    List<Stmt> generated = p.body().stmts();
    body.addAll(generated.subList(0, generated.size() - 1));
    // Every helper is reachable, so that what is injected into it is compiled.
    Set<String> structs = new LinkedHashSet<>();
    for (HelperDef h : p.helpers()) {
      if (h.struct() != null && structs.add(h.struct())) {
        body.add(new Stmt.NewStruct(h.struct(), "fz" + h.struct()));
      }
    }
    for (HelperDef h : p.helpers()) {
      body.add(new Stmt.Eval(call(h)));
    }
    body.add(generated.get(generated.size() - 1));
    return p.withBody(withHoles(body, List.of(), true)).withHelpers(helpers);
  }

  private HelperDef helper(Program p, HelperDef h) {
    List<String> args = new ArrayList<>();
    List<String> ints = new ArrayList<>();
    if (h.ctx()) {
      args.add("ctx");
    }
    if (h.struct() != null) {
      args.add("o");
    }
    for (int i = 0; i < h.params().size(); i++) {
      args.add("q" + i);
      if (isInt(h.params().get(i))) {
        ints.add("q" + i);
      }
    }
    method =
        new Scope(
            c.name(),
            h.name(),
            h.ret().java,
            h.name() + "(" + String.join(", ", args) + ")",
            null,
            null,
            false,
            List.of());
    List<Stmt> body = new ArrayList<>(accumulators());
    body.addAll(h.body().stmts());
    return h.withBody(withHoles(body, ints, true));
  }

  private static List<Stmt> accumulators() {
    return List.of(
        new Stmt.Decl(Ty.INT, "acc", new Expr.Lit(Ty.INT, 1)),
        new Stmt.Decl(Ty.LONG, "lacc", new Expr.Lit(Ty.LONG, 1)));
  }

  /** A call of helper {@code h} with zeros, and a fresh struct for its struct parameter. */
  private static Expr call(HelperDef h) {
    List<Expr> args = new ArrayList<>();
    for (Ty t : h.params()) {
      args.add(Expr.exact(new Expr.Lit(Ty.INT, 0), t));
    }
    return h.struct() == null
        ? new Expr.Call(h.name(), h.ret(), h.ctx(), args)
        : new Expr.StructCall(h.name(), h.ret(), "fz" + h.struct(), args);
  }

  /**
   * {@code stmts} with a hole before each statement and one at the end (not after the return that
   * ends a method), nested blocks likewise; {@code ints} are the int variables in scope.
   */
  private Block withHoles(List<Stmt> stmts, List<String> ints, boolean methodBody) {
    List<String> inScope = new ArrayList<>(ints);
    List<Stmt> out = new ArrayList<>();
    // After a statement that always fails nothing is compiled: an injection there would rightly
    // not be reported, so the rest of the block gets no holes.
    boolean dead = false;
    for (Stmt s : stmts) {
      // Injected statements use acc and lacc: no hole before they are declared.
      boolean accumulator =
          s instanceof Stmt.Decl d && (d.name().equals("acc") || d.name().equals("lacc"));
      if (!dead && !accumulator) {
        out.add(hole(inScope));
      }
      List<Block> blocks = new ArrayList<>();
      List<String> inner = new ArrayList<>(inScope);
      if (s instanceof Stmt.For f) {
        inner.add(f.var());
      }
      for (Block b : s.blocks()) {
        blocks.add(dead ? b : withHoles(b.stmts(), inner, false));
      }
      out.add(s.with(s.exprs(), blocks));
      if (s instanceof Stmt.Decl d && isInt(d.ty())) {
        inScope.add(d.name());
      }
      dead |= Stmt.alwaysFails(s);
    }
    if (!methodBody && !dead) {
      out.add(hole(inScope));
    }
    return new Block(out);
  }

  private Hole hole(List<String> ints) {
    Hole h = new Hole(holes++);
    scopes.put(
        h.id(),
        new Scope(
            method.className(),
            method.method(),
            method.returnType(),
            method.selfCall(),
            method.ctx(),
            method.ctxType(),
            method.xdp(),
            List.copyOf(ints)));
    return h;
  }

  private static boolean isInt(Ty t) {
    return t == Ty.INT || t == Ty.SHORT || t == Ty.BYTE || t == Ty.CHAR;
  }
}
