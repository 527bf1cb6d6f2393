package io.bpf4j.testprograms;

import java.util.ArrayList;
import java.util.List;

/**
 * A statement of generated code. Early exits are only the guarded forms {@code if (c) break;},
 * {@code if (c) continue;} and {@code if (c) return v;}, so deleting or unwrapping statements never
 * leaves unreachable code behind (which javac rejects).
 */
public sealed interface Stmt {
  /** The expressions directly in this statement (not in nested blocks), in print order. */
  default List<Expr> exprs() {
    return List.of();
  }

  /** The nested blocks. */
  default List<Block> blocks() {
    return List.of();
  }

  /** This statement with its expressions and nested blocks replaced (same counts). */
  default Stmt with(List<Expr> exprs, List<Block> blocks) {
    return this;
  }

  void print(Printer out);

  /**
   * Whether {@code s} always fails where Java would throw (a division by constant zero), so that
   * nothing after it in its block runs, or is compiled by the processor.
   */
  static boolean alwaysFails(Stmt s) {
    return s instanceof Assign a
        && (a.op().equals("/=") || a.op().equals("%="))
        && a.value() instanceof Expr.Lit l
        && l.value() == 0;
  }

  /** A sequence of statements in braces. */
  record Block(List<Stmt> stmts) {
    public static final Block EMPTY = new Block(List.of());

    public Block {
      stmts = List.copyOf(stmts);
    }

    public void print(Printer out) {
      out.open();
      for (Stmt s : stmts) {
        s.print(out);
      }
      out.close();
    }

    public int size() {
      int n = 0;
      for (Stmt s : stmts) {
        n++;
        for (Block b : s.blocks()) {
          n += b.size();
        }
      }
      return n;
    }
  }

  /** {@code int x = e;} */
  record Decl(Ty ty, String name, Expr init) implements Stmt {
    @Override
    public List<Expr> exprs() {
      return List.of(init);
    }

    @Override
    public Stmt with(List<Expr> e, List<Block> b) {
      return new Decl(ty, name, e.get(0));
    }

    @Override
    public void print(Printer out) {
      out.line(ty.java + " " + name + " = " + init.text() + ";");
    }
  }

  /** {@code x = e;}, {@code x op= e;} or {@code x++;} on a variable, field or array element. */
  record Assign(Target target, String op, Expr value) implements Stmt {
    @Override
    public List<Expr> exprs() {
      List<Expr> out = new ArrayList<>();
      if (target.index() != null) {
        out.add(target.index());
      }
      if (value != null) {
        out.add(value);
      }
      return out;
    }

    @Override
    public Stmt with(List<Expr> e, List<Block> b) {
      int i = 0;
      Target t = target.index() == null ? target : target.withIndex(e.get(i++));
      return new Assign(t, op, value == null ? null : e.get(i));
    }

    @Override
    public void print(Printer out) {
      if (value == null) {
        out.line(target.text() + op + ";");
      } else {
        out.line(target.text() + " " + op + " " + value.text() + ";");
      }
    }
  }

  /** What an assignment writes: {@code x}, {@code o.f} or {@code a[i]}. */
  record Target(String base, String field, Expr index, Ty ty) {
    public Target withIndex(Expr i) {
      return new Target(base, field, i, ty);
    }

    public String text() {
      if (field != null) {
        return base + "." + field;
      }
      if (index != null) {
        return base + "[" + index.text() + "]";
      }
      return base;
    }
  }

  /** An expression evaluated for its effect: a call or a map operation. */
  record Eval(Expr expr) implements Stmt {
    @Override
    public List<Expr> exprs() {
      return List.of(expr);
    }

    @Override
    public Stmt with(List<Expr> e, List<Block> b) {
      return new Eval(e.get(0));
    }

    @Override
    public void print(Printer out) {
      out.line(expr.text() + ";");
    }
  }

  /** {@code if (c) {...} else {...}}. */
  record If(Expr cond, Block then, Block otherwise) implements Stmt {
    @Override
    public List<Expr> exprs() {
      return List.of(cond);
    }

    @Override
    public List<Block> blocks() {
      return List.of(then, otherwise);
    }

    @Override
    public Stmt with(List<Expr> e, List<Block> b) {
      return new If(e.get(0), b.get(0), b.get(1));
    }

    @Override
    public void print(Printer out) {
      out.text("if (" + cond.text() + ") ");
      then.print(out);
      if (!otherwise.stmts().isEmpty()) {
        out.text(" else ");
        otherwise.print(out);
      }
      out.end();
    }
  }

  /**
   * {@code for (int i = 0; i < bound; i++) {...}}: a constant trip count the verifier bounds; with
   * a {@code label} (fuzz only), {@code L: for ...}, the target of labeled jumps from nested loops.
   */
  record For(String var, int bound, Block body, String label) implements Stmt {
    public For(String var, int bound, Block body) {
      this(var, bound, body, null);
    }

    @Override
    public List<Block> blocks() {
      return List.of(body);
    }

    @Override
    public Stmt with(List<Expr> e, List<Block> b) {
      return new For(var, bound, b.get(0), label);
    }

    @Override
    public void print(Printer out) {
      out.text(label == null ? "" : label + ": ");
      out.text("for (int " + var + " = 0; " + var + " < " + bound + "; " + var + "++) ");
      body.print(out);
      out.end();
    }
  }

  /**
   * {@code switch (e) { case 3: {...} break; ... default: {...} }}; a case without {@code break}
   * falls through into the next. With {@code arrows} (fuzz only), {@code case 3 -> {...}} and no
   * fall-through.
   */
  record Switch(
      Expr selector, List<Integer> labels, List<Boolean> breaks, List<Block> bodies, boolean arrows)
      implements Stmt {
    /** The label value that stands for {@code default}. */
    public static final int DEFAULT = Integer.MIN_VALUE;

    @Override
    public List<Expr> exprs() {
      return List.of(selector);
    }

    @Override
    public List<Block> blocks() {
      return bodies;
    }

    @Override
    public Stmt with(List<Expr> e, List<Block> b) {
      return new Switch(e.get(0), labels, breaks, List.copyOf(b), arrows);
    }

    @Override
    public void print(Printer out) {
      out.text("switch (" + selector.text() + ") ");
      out.open();
      for (int i = 0; i < labels.size(); i++) {
        int label = labels.get(i);
        String colon = arrows ? " -> " : ": ";
        out.text((label == DEFAULT ? "default" : "case " + label) + colon);
        bodies.get(i).print(out);
        out.end();
        if (breaks.get(i) && !arrows) {
          out.line("break;");
        }
      }
      out.close();
      out.end();
    }
  }

  /**
   * {@code int n = 0; while (n < bound && c) {...; n++;}}, or {@code do {...; n++;} while (n <
   * bound);} when {@code cond} is null (fuzz only). The body holds no {@code continue}, which would
   * skip the count.
   */
  record While(String counter, int bound, Expr cond, Block body, String label) implements Stmt {
    public While(String counter, int bound, Expr cond, Block body) {
      this(counter, bound, cond, body, null);
    }

    @Override
    public List<Expr> exprs() {
      return cond == null ? List.of() : List.of(cond);
    }

    @Override
    public List<Block> blocks() {
      return List.of(body);
    }

    @Override
    public Stmt with(List<Expr> e, List<Block> b) {
      return new While(counter, bound, cond == null ? null : e.get(0), b.get(0), label);
    }

    @Override
    public void print(Printer out) {
      out.line("int " + counter + " = 0;");
      String test = counter + " < " + bound;
      out.text(label == null ? "" : label + ": ");
      out.text(cond == null ? "do " : "while (" + test + " && " + cond.text() + ") ").open();
      for (Stmt s : body.stmts()) {
        s.print(out);
      }
      out.line(counter + "++;");
      out.close();
      if (cond == null) {
        out.text(" while (" + test + ");");
      }
      out.end();
    }
  }

  /** {@code if (c) break;}, or {@code if (c) break L;} out of an enclosing loop (fuzz only). */
  record BreakIf(Expr cond, String label) implements Stmt {
    public BreakIf(Expr cond) {
      this(cond, null);
    }

    @Override
    public List<Expr> exprs() {
      return List.of(cond);
    }

    @Override
    public Stmt with(List<Expr> e, List<Block> b) {
      return new BreakIf(e.get(0), label);
    }

    @Override
    public void print(Printer out) {
      out.line("if (" + cond.text() + ") break" + (label == null ? "" : " " + label) + ";");
    }
  }

  /** {@code if (c) continue;}, or {@code if (c) continue L;} (fuzz only). */
  record ContinueIf(Expr cond, String label) implements Stmt {
    public ContinueIf(Expr cond) {
      this(cond, null);
    }

    @Override
    public List<Expr> exprs() {
      return List.of(cond);
    }

    @Override
    public Stmt with(List<Expr> e, List<Block> b) {
      return new ContinueIf(e.get(0), label);
    }

    @Override
    public void print(Printer out) {
      out.line("if (" + cond.text() + ") continue" + (label == null ? "" : " " + label) + ";");
    }
  }

  /** {@code if (c) return v;} */
  record ReturnIf(Expr cond, Expr value) implements Stmt {
    @Override
    public List<Expr> exprs() {
      return List.of(cond, value);
    }

    @Override
    public Stmt with(List<Expr> e, List<Block> b) {
      return new ReturnIf(e.get(0), e.get(1));
    }

    @Override
    public void print(Printer out) {
      out.line("if (" + cond.text() + ") return " + value.text() + ";");
    }
  }

  /** {@code return v;}: the last statement of a method. */
  record Return(Expr value) implements Stmt {
    @Override
    public List<Expr> exprs() {
      return value == null ? List.of() : List.of(value);
    }

    @Override
    public Stmt with(List<Expr> e, List<Block> b) {
      return new Return(value == null ? null : e.get(0));
    }

    @Override
    public void print(Printer out) {
      out.line(value == null ? "return;" : "return " + value.text() + ";");
    }
  }

  /** {@code S o = new S();}: a zeroed struct on the stack. */
  record NewStruct(String struct, String name) implements Stmt {
    @Override
    public void print(Printer out) {
      out.line(struct + " " + name + " = new " + struct + "();");
    }
  }

  /**
   * {@code int[] a = new int[n];}: a zeroed array of constant length on the stack; or, with {@code
   * init} (fuzz only), {@code int[] a = {e0, e1};}, an array initializer of that length.
   */
  record NewArray(Ty elem, String name, int length, List<Expr> init) implements Stmt {
    public NewArray(Ty elem, String name, int length) {
      this(elem, name, length, null);
    }

    @Override
    public List<Expr> exprs() {
      return init == null ? List.of() : init;
    }

    @Override
    public Stmt with(List<Expr> e, List<Block> b) {
      return init == null ? this : new NewArray(elem, name, length, List.copyOf(e));
    }

    @Override
    public void print(Printer out) {
      if (init == null) {
        out.line(elem.arrayOf() + " " + name + " = new " + elem.java + "[" + length + "];");
        return;
      }
      List<String> values = init.stream().map(Expr::text).toList();
      out.line(elem.arrayOf() + " " + name + " = {" + String.join(", ", values) + "};");
    }
  }

  /**
   * {@code S0 t = c ? a : b;} (fuzz only): one of two struct references (stack objects, map values,
   * or {@code new S0()}) chosen at run time.
   */
  record StructChoice(String type, String name, Expr cond, String ifTrue, String ifFalse)
      implements Stmt {
    @Override
    public List<Expr> exprs() {
      return List.of(cond);
    }

    @Override
    public Stmt with(List<Expr> e, List<Block> b) {
      return new StructChoice(type, name, e.get(0), ifTrue, ifFalse);
    }

    @Override
    public void print(Printer out) {
      out.line(type + " " + name + " = " + cond.text() + " ? " + ifTrue + " : " + ifFalse + ";");
    }
  }

  /** {@code jumps.tailCall(ctx, i);}: falls through when the slot is empty (fuzz only). */
  record TailCall(String map, Expr index) implements Stmt {
    @Override
    public List<Expr> exprs() {
      return List.of(index);
    }

    @Override
    public Stmt with(List<Expr> e, List<Block> b) {
      return new TailCall(map, e.get(0));
    }

    @Override
    public void print(Printer out) {
      out.line(map + ".tailCall(ctx, " + index.text() + ");");
    }
  }

  /**
   * {@code { S o = m.lookup(key); if (o != null) {...} else {...} }}, or without the null check
   * (then a missing key's null ends the program with 0 at the first dereference).
   */
  record Lookup(
      String type, String name, String map, Expr key, boolean checked, Block present, Block absent)
      implements Stmt {
    @Override
    public List<Expr> exprs() {
      return List.of(key);
    }

    @Override
    public List<Block> blocks() {
      return List.of(present, absent);
    }

    @Override
    public Stmt with(List<Expr> e, List<Block> b) {
      return new Lookup(type, name, map, e.get(0), checked, b.get(0), b.get(1));
    }

    @Override
    public void print(Printer out) {
      out.open();
      out.line(type + " " + name + " = " + map + ".lookup(" + key.text() + ");");
      if (checked) {
        out.text("if (" + name + " != null) ");
        present.print(out);
        if (!absent.stmts().isEmpty()) {
          out.text(" else ");
          absent.print(out);
        }
        out.end();
      } else {
        for (Stmt s : present.stmts()) {
          s.print(out);
        }
      }
      out.close();
      out.end();
    }
  }

  /**
   * A place between two statements where a test may print something ({@link Printer#fillHoles}); it
   * prints nothing otherwise. Only the fuzz test puts holes into programs.
   */
  record Hole(int id) implements Stmt {
    @Override
    public void print(Printer out) {
      out.hole(id);
    }
  }
}
