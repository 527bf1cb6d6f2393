package io.bpf4j.testprograms;

import io.bpf4j.testprograms.Expr.Lit;
import io.bpf4j.testprograms.ProgramClass.HelperDef;
import io.bpf4j.testprograms.ProgramClass.Program;
import io.bpf4j.testprograms.Stmt.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every program one step smaller than a given one, biggest steps first: runs of top-level
 * statements deleted, single statements deleted, compound statements replaced by one of their
 * blocks, loops cut to one iteration, switch cases dropped, helpers dropped, then expressions
 * replaced by zero or by one of their operands (of the same type, so that the program still
 * compiles). Steps that break compilation (a deleted declaration still used) are left to javac to
 * refuse.
 */
public final class Reductions {
  private final Predicate<Stmt> keep;

  private Reductions(Predicate<Stmt> keep) {
    this.keep = keep;
  }

  /** Every program one step smaller than {@code p}. */
  public static List<Program> of(Program p) {
    return of(p, s -> false);
  }

  /**
   * Every program one step smaller than {@code p} that still has each statement {@code keep}
   * accepts (such as a hole holding an injected construct); those may still move when a block
   * around them is unwrapped.
   */
  public static List<Program> of(Program p, Predicate<Stmt> keep) {
    return new Reductions(keep).steps(p);
  }

  /** Every class one step smaller than {@code c}: one of its programs one step smaller. */
  public static List<ProgramClass> of(ProgramClass c, Predicate<Stmt> keep) {
    List<ProgramClass> out = new ArrayList<>();
    for (int i = 0; i < c.programs().size(); i++) {
      for (Program smaller : of(c.programs().get(i), keep)) {
        out.add(c.withPrograms(replace(c.programs(), i, smaller)));
      }
    }
    return out;
  }

  private List<Program> steps(Program p) {
    List<Program> out = new ArrayList<>();
    List<Stmt> top = p.body().stmts();
    // Runs of top-level statements (never the final return), halves first.
    for (int size = (top.size() - 1) / 2; size >= 2; size /= 2) {
      for (int from = 0; from + size < top.size(); from += size) {
        if (holdsKept(top.subList(from, from + size))) {
          continue;
        }
        List<Stmt> rest = new ArrayList<>(top.subList(0, from));
        rest.addAll(top.subList(from + size, top.size()));
        out.add(p.withBody(new Block(rest)));
      }
    }
    for (Block b : statementSteps(p.body(), true)) {
      out.add(p.withBody(b));
    }
    for (int i = 0; i < p.helpers().size(); i++) {
      if (holdsKept(p.helpers().get(i).body().stmts())) {
        continue;
      }
      List<HelperDef> hs = new ArrayList<>(p.helpers());
      hs.remove(i);
      out.add(p.withHelpers(hs));
    }
    for (int i = 0; i < p.helpers().size(); i++) {
      HelperDef h = p.helpers().get(i);
      for (Block b : statementSteps(h.body(), true)) {
        out.add(p.withHelpers(replace(p.helpers(), i, h.withBody(b))));
      }
    }
    for (Block b : expressionSteps(p.body())) {
      out.add(p.withBody(b));
    }
    for (int i = 0; i < p.helpers().size(); i++) {
      HelperDef h = p.helpers().get(i);
      for (Block b : expressionSteps(h.body())) {
        out.add(p.withHelpers(replace(p.helpers(), i, h.withBody(b))));
      }
    }
    return out;
  }

  /** The block with one statement deleted, unwrapped or simplified, anywhere inside. */
  private List<Block> statementSteps(Block b, boolean methodBody) {
    List<Block> out = new ArrayList<>();
    List<Stmt> ss = b.stmts();
    for (int i = 0; i < ss.size(); i++) {
      Stmt s = ss.get(i);
      boolean finalReturn = methodBody && i == ss.size() - 1;
      if (!finalReturn && !holdsKept(List.of(s))) {
        out.add(new Block(splice(ss, i, List.of())));
      }
      for (Block nested : s.blocks()) {
        if (!nested.stmts().isEmpty() && !keptElsewhere(s, nested)) {
          out.add(new Block(splice(ss, i, nested.stmts())));
        }
      }
      if (s instanceof Stmt.For f && f.bound() > 1) {
        out.add(new Block(splice(ss, i, List.of(new Stmt.For(f.var(), 1, f.body(), f.label())))));
      }
      if (s instanceof Stmt.Switch sw && sw.labels().size() > 1) {
        for (int c = 0; c < sw.labels().size(); c++) {
          if (holdsKept(sw.bodies().get(c).stmts())) {
            continue;
          }
          out.add(
              new Block(
                  splice(
                      ss,
                      i,
                      List.of(
                          new Stmt.Switch(
                              sw.selector(),
                              remove(sw.labels(), c),
                              remove(sw.breaks(), c),
                              remove(sw.bodies(), c),
                              sw.arrows())))));
        }
      }
      List<Block> blocks = s.blocks();
      for (int k = 0; k < blocks.size(); k++) {
        for (Block nb : statementSteps(blocks.get(k), false)) {
          Stmt changed = s.with(s.exprs(), replace(blocks, k, nb));
          out.add(new Block(splice(ss, i, List.of(changed))));
        }
      }
    }
    return out;
  }

  /** The block with one expression anywhere inside replaced by a simpler one. */
  private List<Block> expressionSteps(Block b) {
    List<Block> out = new ArrayList<>();
    List<Stmt> ss = b.stmts();
    for (int i = 0; i < ss.size(); i++) {
      Stmt s = ss.get(i);
      List<Expr> exprs = s.exprs();
      for (int k = 0; k < exprs.size(); k++) {
        for (Expr e : simpler(exprs.get(k))) {
          out.add(new Block(splice(ss, i, List.of(s.with(replace(exprs, k, e), s.blocks())))));
        }
      }
      List<Block> blocks = s.blocks();
      for (int k = 0; k < blocks.size(); k++) {
        for (Block nb : expressionSteps(blocks.get(k))) {
          out.add(new Block(splice(ss, i, List.of(s.with(exprs, replace(blocks, k, nb))))));
        }
      }
    }
    return out;
  }

  /** Whether a block of {@code s} other than {@code nested} holds a statement to keep. */
  private boolean keptElsewhere(Stmt s, Block nested) {
    for (Block b : s.blocks()) {
      if (b != nested && holdsKept(b.stmts())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a statement of {@code ss}, or one nested in them, is to be kept. */
  private boolean holdsKept(List<Stmt> ss) {
    for (Stmt s : ss) {
      if (keep.test(s)) {
        return true;
      }
      for (Block b : s.blocks()) {
        if (holdsKept(b.stmts())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Expressions of the same type that are simpler than {@code e}, here or in a subexpression. */
  public static List<Expr> simpler(Expr e) {
    List<Expr> out = new ArrayList<>();
    Ty t = e.ty();
    if (t == null) {
      return out; // a struct reference (Expr.StructArg): nothing of its type is simpler
    }
    if (e instanceof Lit lit) {
      if (lit.value() != 0) {
        out.add(new Lit(t, 0));
        if (lit.value() != 1) {
          out.add(new Lit(t, 1));
        }
      }
      return out;
    }
    out.add(new Lit(t, t == Ty.BOOLEAN ? 1 : 0));
    if (t == Ty.BOOLEAN) {
      out.add(new Lit(t, 0));
    }
    for (Expr k : e.kids()) {
      if (k.ty() != null && (k.ty() == Ty.BOOLEAN) == (t == Ty.BOOLEAN)) {
        out.add(Expr.exact(k, t));
      }
    }
    List<Expr> kids = e.kids();
    for (int i = 0; i < kids.size(); i++) {
      for (Expr smaller : simpler(kids.get(i))) {
        out.add(e.withKids(replace(kids, i, smaller)));
      }
    }
    return out;
  }

  private static <T> List<T> splice(List<T> xs, int i, List<T> with) {
    List<T> out = new ArrayList<>(xs.subList(0, i));
    out.addAll(with);
    out.addAll(xs.subList(i + 1, xs.size()));
    return out;
  }

  private static <T> List<T> replace(List<T> xs, int i, T x) {
    List<T> out = new ArrayList<>(xs);
    out.set(i, x);
    return out;
  }

  private static <T> List<T> remove(List<T> xs, int i) {
    List<T> out = new ArrayList<>(xs);
    out.remove(i);
    return out;
  }
}
