package io.bpf4j.testprograms;

import static io.bpf4j.testprograms.Expr.assignable;
import static io.bpf4j.testprograms.Expr.exact;
import static io.bpf4j.testprograms.Expr.lit;

import io.bpf4j.testprograms.Expr.Bin;
import io.bpf4j.testprograms.Expr.MapOp;
import io.bpf4j.testprograms.Expr.StructArg;
import io.bpf4j.testprograms.GenScope.ArrayRef;
import io.bpf4j.testprograms.GenScope.Local;
import io.bpf4j.testprograms.GenScope.StructRef;
import io.bpf4j.testprograms.ProgramClass.MapDef;
import io.bpf4j.testprograms.Stmt.Assign;
import io.bpf4j.testprograms.Stmt.Block;
import io.bpf4j.testprograms.Stmt.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements only the fuzz writes ({@link ProgramGenerator.Knobs#liveCode}), so that its valid
 * programs hold every construct the processor compiles: labeled jumps, switch expressions, chained
 * assignments, {@code Bpf.printk}, ring buffer output, tail calls, struct and Long map keys,
 * {@code @Atomic} updates, structs chosen by {@code ?:}, {@code new} as a map update's argument,
 * array initializers and {@code loadBytes}. Each keeps every statement live. They draw from the
 * random source only in fuzz mode, so that the differential programs stay the same.
 */
final class FuzzOnlyStatements {
  /** The operators an {@code @Atomic} field takes (Messages.atomicUnsupportedOp refuses others). */
  private static final String[] ATOMIC_OPS = {"+=", "-=", "|=", "&=", "^=", "++", "--", "="};

  private final ProgramBuilder g;

  FuzzOnlyStatements(ProgramBuilder g) {
    this.g = g;
  }

  /** One of the fuzz-only statements, or null when the one drawn does not fit here. */
  Stmt statement(GenScope scope, int depth, boolean nest) {
    return switch (g.r.nextInt(12)) {
      case 0 -> printk(scope);
      case 1 -> g.inHelper ? null : ringOutput(scope, depth, nest);
      case 2 -> g.inHelper ? null : new Stmt.TailCall(g.progArray.name(), tailIndex(scope));
      case 3 -> g.inHelper ? null : structKeyed(scope, depth, nest);
      case 4 -> switchValue(scope);
      case 5 -> chained(scope);
      case 6 -> g.stackBytes < g.stackLimit() ? arrayInitializer(scope, pickElem()) : null;
      case 7 -> loadBytes(scope);
      case 8 -> atomicField(scope);
      case 9 -> g.inHelper ? null : newAsUpdateArgument(scope);
      case 10 -> structChoice(scope);
      default -> g.inHelper ? null : longKeyed(scope, depth, nest);
    };
  }

  // ---- loops and jumps

  /**
   * A label for a loop being entered, or null; a labeled loop is the target of {@code break L}, and
   * of {@code continue L} when it is a for loop (a while loop's continue would skip its count).
   */
  String enterLoop(GenScope scope, boolean isFor) {
    if (g.r.nextInt(3) != 0) {
      return null;
    }
    String label = g.fresh("L");
    scope.breakLabels.add(label);
    if (isFor) {
      scope.continueLabels.add(label);
    }
    return label;
  }

  void leaveLoop(GenScope scope, String label) {
    if (label != null) {
      scope.breakLabels.remove(label);
      scope.continueLabels.remove(label);
    }
  }

  /** The label of a jump out of (or to the next round of) an enclosing loop, or null. */
  String jumpLabel(GenScope scope, boolean breaks) {
    List<String> labels = breaks ? scope.breakLabels : scope.continueLabels;
    if (labels.isEmpty() || g.r.nextBoolean()) {
      return null;
    }
    return g.pick(labels);
  }

  // ---- helpers of the kernel

  /** {@code Bpf.printk("fz %d\n", a)} with up to three arguments, for its effect or its value. */
  private Stmt printk(GenScope scope) {
    List<Expr> args = new ArrayList<>();
    int n = g.r.nextInt(4);
    for (int i = 0; i < n; i++) {
      args.add(assignable(g.num(scope, 1), Ty.LONG));
    }
    Expr call = new Expr.Printk(args);
    return g.r.nextBoolean() ? new Stmt.Eval(call) : declare(scope, Ty.INT, call);
  }

  /**
   * {@code if (events.output(s)) {...}} or {@code boolean b = events.output(s);}: a struct in scope
   * of the ring's record type, or a new one made for the call.
   */
  private Stmt ringOutput(GenScope scope, int depth, boolean nest) {
    MapDef ring = g.ringBuf;
    List<StructRef> records =
        scope.structs.stream().filter(s -> s.type().name().equals(ring.value())).toList();
    String record;
    if (!records.isEmpty() && g.r.nextInt(4) != 0) {
      record = g.pick(records).name();
    } else if (g.stackBytes < g.stackLimit()) {
      g.stackBytes += 8 * g.structNamed(ring.value()).fields().size();
      record = "new " + ring.value() + "()";
    } else {
      return null;
    }
    Expr output = new Expr.RingOutput(ring.name(), record);
    if (nest && g.r.nextBoolean()) {
      return new Stmt.If(output, g.block(scope, depth + 1, 1 + g.r.nextInt(3)), Block.EMPTY);
    }
    return declare(scope, Ty.BOOLEAN, output);
  }

  /** A slot of the program's prog array, mostly within its four slots. */
  private Expr tailIndex(GenScope scope) {
    return g.r.nextInt(3) == 0 ? exact(g.fuzz.live(scope), Ty.INT) : g.bits(scope, 2);
  }

  /**
   * An update, delete or checked lookup of the struct-keyed map with a key struct in scope (a stack
   * object or a map value); without one, a new key object for later statements.
   */
  private Stmt structKeyed(GenScope scope, int depth, boolean nest) {
    MapDef m = g.keyedMap;
    List<StructRef> keys =
        scope.structs.stream().filter(s -> s.type().name().equals(m.key())).toList();
    if (keys.isEmpty()) {
      return g.stackBytes < g.stackLimit() ? g.newStruct(scope, g.structNamed(m.key())) : null;
    }
    Expr key = new StructArg(g.pick(keys).name());
    int k = g.r.nextInt(4);
    if (k == 0) {
      return new Stmt.Eval(new MapOp(m.name(), "delete", key, null, null, 0));
    }
    if (k == 1 || !nest) {
      long flags = new long[] {0, 1, 2}[g.r.nextInt(3)];
      Expr value = exact(g.num(scope, 2), Ty.LONG);
      return new Stmt.Eval(new MapOp(m.name(), "update", key, null, value, flags));
    }
    String v = g.fresh("m");
    int[] mark = scope.mark();
    scope.locals.add(new Local("((long) " + v + ")", Ty.LONG, false));
    Block present = g.block(scope, depth + 1, 1 + g.r.nextInt(4));
    scope.reset(mark);
    Block absent = g.r.nextBoolean() ? g.block(scope, depth + 1, 1 + g.r.nextInt(2)) : Block.EMPTY;
    return new Stmt.Lookup("Long", v, m.name(), key, true, present, absent);
  }

  /** {@code m.update(k, new S0(), flags);}: a struct never named, zeroed for the call. */
  private Stmt newAsUpdateArgument(GenScope scope) {
    MapDef m = g.r.nextBoolean() ? g.arrayMap : g.hashMap;
    if (g.stackBytes >= g.stackLimit()) {
      return null;
    }
    g.stackBytes += 8 * g.structNamed(m.value()).fields().size();
    long flags = new long[] {0, 1, 2}[g.r.nextInt(3)];
    String value = "new " + m.value() + "()";
    return new Stmt.Eval(new MapOp(m.name(), "update", g.key(scope, m), value, null, flags));
  }

  /**
   * {@code S0 t = c ? a : b;}: a struct in scope and another one, or a new one; later statements
   * read and write through {@code t}, whichever it is.
   */
  private Stmt structChoice(GenScope scope) {
    if (scope.structs.isEmpty()) {
      return null;
    }
    StructRef a = g.pick(scope.structs);
    List<StructRef> others = scope.structs.stream().filter(s -> s.type().equals(a.type())).toList();
    String b;
    if (g.r.nextInt(3) == 0 && g.stackBytes < g.stackLimit()) {
      g.stackBytes += 8 * a.type().fields().size();
      b = "new " + a.type().name() + "()";
    } else {
      b = g.pick(others).name();
    }
    String t = g.fresh("t");
    Stmt choice = new Stmt.StructChoice(a.type().name(), t, g.bool(scope, 1), a.name(), b);
    scope.structs.add(new StructRef(t, a.type()));
    return choice;
  }

  /** An update, delete or checked lookup of the Integer map under a Long key. */
  private Stmt longKeyed(GenScope scope, int depth, boolean nest) {
    MapDef m = g.longKeyedMap;
    Expr key = exact(g.num(scope, 1), Ty.LONG);
    int k = g.r.nextInt(4);
    if (k == 0) {
      return new Stmt.Eval(new MapOp(m.name(), "delete", key, null, null, 0));
    }
    if (k == 1 || !nest) {
      long flags = new long[] {0, 1, 2}[g.r.nextInt(3)];
      Expr value = exact(g.num(scope, 2), Ty.INT);
      return new Stmt.Eval(new MapOp(m.name(), "update", key, null, value, flags));
    }
    String v = g.fresh("m");
    int[] mark = scope.mark();
    // Read as an int: an Integer cannot be compared by value with ==.
    scope.locals.add(new Local("((int) " + v + ")", Ty.INT, false));
    Block present = g.block(scope, depth + 1, 1 + g.r.nextInt(4));
    scope.reset(mark);
    return new Stmt.Lookup("Integer", v, m.name(), key, true, present, Block.EMPTY);
  }

  // ---- expressions and assignments

  /**
   * {@code t v = switch (sel) { case 2 -> a; case 3 -> { w++; yield b; } default -> c; };} on a
   * selector that reads a variable, so that no arm is dead.
   */
  private Stmt switchValue(GenScope scope) {
    Ty t = g.numericType();
    Expr selector =
        exact(new Bin(g.r.nextBoolean() ? "&" : "+", g.fuzz.live(scope), g.num(scope, 1)), Ty.INT);
    List<Local> bumpable =
        scope.locals.stream().filter(l -> l.writable() && l.ty() != Ty.BOOLEAN).toList();
    int cases = 1 + g.r.nextInt(3);
    List<Integer> labels = new ArrayList<>();
    int next = g.r.nextInt(3) - 1;
    for (int i = 0; i < cases; i++) {
      labels.add(next);
      next += 1 + (g.r.nextBoolean() ? 0 : g.r.nextInt(500));
    }
    List<Expr> values = new ArrayList<>();
    List<String> bumps = new ArrayList<>();
    for (int i = 0; i <= cases; i++) {
      values.add(exact(g.num(scope, 1), t));
      bumps.add(!bumpable.isEmpty() && g.r.nextInt(3) == 0 ? g.pick(bumpable).name() : null);
    }
    return declare(scope, t, new Expr.SwitchValue(t, selector, labels, values, bumps));
  }

  /**
   * {@code x = (y = e);}, {@code x = (a[i] = e);} or {@code x = (o.f = e);}: the stored value is
   * duplicated on javac's operand stack and stored again.
   */
  private Stmt chained(GenScope scope) {
    List<Local> writable =
        scope.locals.stream().filter(l -> l.writable() && l.ty() != Ty.BOOLEAN).toList();
    if (writable.isEmpty()) {
      return null;
    }
    Local outer = g.pick(writable);
    List<Target> inner = new ArrayList<>();
    for (Local l : writable) {
      if (l != outer) {
        inner.add(new Target(l.name(), null, null, l.ty()));
      }
    }
    for (ArrayRef a : scope.arrays) {
      inner.add(new Target(a.name(), null, g.index(scope, a.length()), a.elem()));
    }
    for (StructRef s : scope.structs) {
      for (int f = 0; f < s.type().fields().size(); f++) {
        if (s.type().fields().get(f) != Ty.BOOLEAN) {
          inner.add(new Target(s.name(), "f" + f, null, s.type().fields().get(f)));
        }
      }
    }
    if (inner.isEmpty()) {
      return null;
    }
    Target t = g.pick(inner);
    Expr stored = new Expr.AssignValue(t, assignable(g.num(scope, 2), t.ty()));
    return new Assign(
        new Target(outer.name(), null, null, outer.ty()), "=", assignable(stored, outer.ty()));
  }

  /** An update of an {@code @Atomic} field with one of the operators BPF atomics have. */
  Stmt atomicUpdate(GenScope scope, Target t) {
    String op = ATOMIC_OPS[g.r.nextInt(ATOMIC_OPS.length)];
    if (op.equals("++") || op.equals("--")) {
      return new Assign(t, op, null);
    }
    return new Assign(t, op, exact(g.num(scope, 2), t.ty()));
  }

  /** An update of an {@code @Atomic} field of a struct in scope, or null when there is none. */
  private Stmt atomicField(GenScope scope) {
    List<StructRef> refs = new ArrayList<>(scope.structs);
    if (g.helperStruct != null) {
      refs.add(new StructRef("o", g.helperStruct));
    }
    List<Target> atomic = new ArrayList<>();
    for (StructRef s : refs) {
      for (int f : s.type().atomic()) {
        atomic.add(new Target(s.name(), "f" + f, null, s.type().fields().get(f)));
      }
    }
    return atomic.isEmpty() ? null : atomicUpdate(scope, g.pick(atomic));
  }

  // ---- arrays

  private Ty pickElem() {
    return new Ty[] {Ty.INT, Ty.LONG, Ty.BYTE, Ty.SHORT, Ty.CHAR, Ty.BYTE}[g.r.nextInt(6)];
  }

  /** {@code int[] a = {3, x, -1};}: constants and values in scope. */
  private Stmt arrayInitializer(GenScope scope, Ty elem) {
    int length = 1 + g.r.nextInt(8);
    List<Expr> init = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      init.add(
          g.r.nextBoolean() ? lit(elem, g.interesting(elem)) : assignable(g.num(scope, 1), elem));
    }
    g.stackBytes += length * elem.bits / 8 + 8;
    String v = g.fresh("a");
    scope.arrays.add(new ArrayRef(v, elem, length));
    return new Stmt.NewArray(elem, v, length, init);
  }

  /**
   * {@code int v = ctx.loadBytes(off, a);} into a byte array in scope; without one, a byte array
   * for later statements. Only where the context is a packet.
   */
  private Stmt loadBytes(GenScope scope) {
    if (!g.hasCtx() || !g.hasPacket()) {
      return null;
    }
    List<ArrayRef> bytes = scope.arrays.stream().filter(a -> a.elem() == Ty.BYTE).toList();
    if (bytes.isEmpty()) {
      return g.stackBytes < g.stackLimit() ? arrayInitializer(scope, Ty.BYTE) : null;
    }
    Expr offset = g.r.nextBoolean() ? lit(Ty.INT, g.r.nextInt(64)) : g.bits(scope, 4);
    return declare(scope, Ty.INT, new Expr.LoadBytes(g.pick(bytes).name(), offset));
  }

  /** {@code t v = e;}, with {@code v} writable in scope from here on. */
  private Stmt declare(GenScope scope, Ty t, Expr e) {
    String v = g.fresh("v");
    scope.locals.add(new Local(v, t, true));
    return new Stmt.Decl(t, v, e);
  }
}
