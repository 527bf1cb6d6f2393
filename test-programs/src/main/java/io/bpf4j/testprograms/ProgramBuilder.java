package io.bpf4j.testprograms;

import static io.bpf4j.testprograms.Expr.assignable;
import static io.bpf4j.testprograms.Expr.exact;
import static io.bpf4j.testprograms.Expr.lit;

import io.bpf4j.testprograms.Expr.Bin;
import io.bpf4j.testprograms.Expr.Lit;
import io.bpf4j.testprograms.Expr.Var;
import io.bpf4j.testprograms.GenScope.ArrayRef;
import io.bpf4j.testprograms.GenScope.Local;
import io.bpf4j.testprograms.GenScope.StructRef;
import io.bpf4j.testprograms.ProgramClass.HelperDef;
import io.bpf4j.testprograms.ProgramClass.MapDef;
import io.bpf4j.testprograms.ProgramClass.Program;
import io.bpf4j.testprograms.ProgramClass.StructDef;
import io.bpf4j.testprograms.ProgramGenerator.Knobs;
import io.bpf4j.testprograms.Stmt.Assign;
import io.bpf4j.testprograms.Stmt.Block;
import io.bpf4j.testprograms.Stmt.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds one program of a generated class: its helpers, then its body, statement by statement. */
final class ProgramBuilder extends ExpressionGenerator {
  /** The packet stores of {@link Knobs#packetWrites}. */
  static final String[] STORES = {"storeByte", "storeHalf", "storeWord"};

  /** The statements only the fuzz writes ({@link Knobs#liveCode}). */
  private final FuzzOnlyStatements fuzzOnly = new FuzzOnlyStatements(this);

  ProgramBuilder(
      Random r, Knobs knobs, String name, String section, List<StructDef> structs, long seed) {
    super(r, knobs, name, section, structs, seed);
  }

  Program build() {
    int helperCount = r.nextInt(knobs.maxHelpers() + 1);
    List<HelperDef> planned = new ArrayList<>();
    for (int i = 0; i < helperCount; i++) {
      planned.add(planHelper(i));
    }
    // Generate the last helper first: helper i may call helpers i+1.. only (no recursion).
    helpers.addAll(planned);
    for (int i = helperCount - 1; i >= 0; i--) {
      helpers.set(i, helperBody(i, planned.get(i)));
    }
    currentHelper = -1;
    inHelper = false;
    helperHasCtx = true;
    helperStruct = null;
    copies = 0;
    GenScope scope = new GenScope();
    List<Stmt> body = new ArrayList<>();
    String first = fresh("v");
    body.add(new Stmt.Decl(Ty.INT, first, firstValue()));
    scope.locals.add(new Local(first, Ty.INT, true));
    budget = knobs.programStatements() / 2 + r.nextInt(knobs.programStatements());
    while (budget > 0) {
      body.add(statement(scope, 0));
    }
    body.add(epilogue(scope));
    body.add(new Stmt.Return(exact(mix(scope), Ty.INT)));
    List<MapDef> maps =
        knobs.liveCode()
            ? List.of(arrayMap, hashMap, longMap, ringBuf, progArray, keyedMap, longKeyedMap)
            : List.of(arrayMap, hashMap, longMap);
    return new Program(name, section, maps, helpers, new Block(body), seed);
  }

  // ---- helpers

  HelperDef planHelper(int i) {
    Ty ret = r.nextInt(3) == 0 ? Ty.LONG : Ty.INT;
    String struct = r.nextInt(4) == 0 ? "S" + r.nextInt(2) : null;
    boolean ctx = struct == null && r.nextInt(3) == 0;
    int max = 4 - (ctx ? 1 : 0) - (struct != null ? 1 : 0);
    List<Ty> params = new ArrayList<>();
    int n = 1 + r.nextInt(max);
    for (int k = 0; k < n; k++) {
      params.add(numericType());
    }
    return new HelperDef(name + "f" + i, ret, ctx, struct, params, Block.EMPTY);
  }

  HelperDef helperBody(int i, HelperDef h) {
    currentHelper = i;
    inHelper = true;
    helperHasCtx = h.ctx();
    helperStruct = h.struct() == null ? null : structNamed(h.struct());
    GenScope scope = new GenScope();
    for (int k = 0; k < h.params().size(); k++) {
      scope.locals.add(new Local("q" + k, h.params().get(k), true));
    }
    List<Stmt> body = new ArrayList<>();
    // A big helper is beyond the inlining limit (120 bytecode instructions): a real call.
    boolean big = r.nextInt(3) == 0;
    budget = big ? 18 + r.nextInt(10) : 2 + r.nextInt(6);
    int savedStack = stackBytes;
    stackBytes = 0;
    copies = 0;
    while (budget > 0) {
      body.add(statement(scope, 1));
    }
    body.add(new Stmt.Return(exact(num(scope, 3), h.ret())));
    helperStack.put(h.name(), stackBytes);
    helperCopies.put(h.name(), 1 + copies);
    stackBytes = savedStack;
    return h.withBody(new Block(body));
  }

  // ---- statements

  Block block(GenScope scope, int depth, int size) {
    int[] mark = scope.mark();
    List<Stmt> out = new ArrayList<>();
    int end = Math.max(0, budget - size);
    while (budget > end) {
      out.add(statement(scope, depth));
    }
    scope.reset(mark);
    return new Block(out);
  }

  Stmt statement(GenScope scope, int depth) {
    budget--;
    boolean nest = depth < knobs.maxDepth() && budget > 2;
    while (true) {
      if (knobs.packetWrites() && !inHelper && r.nextInt(6) == 0) {
        return new Stmt.Eval(
            new Expr.PacketStore(
                STORES[r.nextInt(STORES.length)],
                packetOffset(scope),
                exact(num(scope, 2), Ty.INT)));
      }
      if (knobs.liveCode() && r.nextInt(5) == 0) {
        Stmt s = fuzzOnly.statement(scope, depth, nest);
        if (s != null) {
          return s;
        }
      }
      int k = r.nextInt(100);
      if (k < 14) {
        return declare(scope);
      } else if (k < 34) {
        Stmt s = assign(scope);
        if (s != null) {
          return s;
        }
      } else if (k < 42 && nest) {
        return knobs.liveCode() && r.nextInt(12) == 0
            ? alwaysFailing(scope, depth)
            : ifStatement(scope, depth);
      } else if (k < 48 && nest && scope.loopDepth < knobs.maxLoopDepth()) {
        return knobs.liveCode() && r.nextInt(3) == 0
            ? whileLoop(scope, depth)
            : forLoop(scope, depth);
      } else if (k < 52 && nest) {
        return switchStatement(scope, depth);
      } else if (k < 57 && scope.loopDepth > 0) {
        boolean breaks = r.nextBoolean() || scope.noContinue;
        Expr c = bool(scope, 2);
        String label = knobs.liveCode() ? fuzzOnly.jumpLabel(scope, breaks) : null;
        return breaks ? new Stmt.BreakIf(c, label) : new Stmt.ContinueIf(c, label);
      } else if (k < 59 && (scope.loopDepth > 0 || scope.inSwitch) && r.nextBoolean()) {
        return new Stmt.BreakIf(bool(scope, 2));
      } else if (k < 61) {
        return new Stmt.ReturnIf(bool(scope, 2), exact(num(scope, 2), returnType()));
      } else if (k < 66 && stackBytes < stackLimit()) {
        return newStruct(scope);
      } else if (k < 70 && stackBytes < stackLimit()) {
        return newArray(scope);
      } else if (k < 80 && !inHelper && nest) {
        return lookup(scope, depth);
      } else if (k < 90 && !inHelper) {
        Expr op = mapOp(scope);
        if (op != null) {
          return new Stmt.Eval(op);
        }
      } else if (k < 95 && !helpers.isEmpty()) {
        Expr call = call(scope, 2);
        if (call != null) {
          String v = fresh("v");
          scope.locals.add(new Local(v, call.ty(), true));
          return new Stmt.Decl(call.ty(), v, call);
        }
      } else if (k >= 95 && helperStruct != null) {
        return fieldAssign(scope, "o", helperStruct);
      }
    }
  }

  Stmt declare(GenScope scope) {
    Ty t = r.nextInt(8) == 0 ? Ty.BOOLEAN : numericType();
    Expr init = t == Ty.BOOLEAN ? bool(scope, 3) : assignable(num(scope, 3), t);
    String v = fresh("v");
    scope.locals.add(new Local(v, t, true));
    return new Stmt.Decl(t, v, init);
  }

  Stmt assign(GenScope scope) {
    int k = r.nextInt(10);
    if (k < 2 && !scope.structs.isEmpty()) {
      StructRef s = pick(scope.structs);
      return fieldAssign(scope, s.name(), s.type());
    }
    if (k < 3 && !scope.arrays.isEmpty()) {
      ArrayRef a = pick(scope.arrays);
      return update(scope, new Target(a.name(), null, index(scope, a.length()), a.elem()));
    }
    List<Local> writable = scope.locals.stream().filter(Local::writable).toList();
    if (writable.isEmpty()) {
      return null;
    }
    Local l = pick(writable);
    return update(scope, new Target(l.name(), null, null, l.ty()));
  }

  Stmt fieldAssign(GenScope scope, String object, StructDef type) {
    int f = r.nextInt(type.fields().size());
    Target t = new Target(object, "f" + f, null, type.fields().get(f));
    return type.isAtomic(f) ? fuzzOnly.atomicUpdate(scope, t) : update(scope, t);
  }

  /** {@code t = e}, {@code t op= e} or {@code t++} as Java allows for t's type. */
  Stmt update(GenScope scope, Target t) {
    if (t.ty() == Ty.BOOLEAN) {
      String op = r.nextInt(3) == 0 ? new String[] {"&=", "|=", "^="}[r.nextInt(3)] : "=";
      return new Assign(t, op, bool(scope, 3));
    }
    int k = r.nextInt(10);
    if (k < 4) {
      return new Assign(t, "=", assignable(num(scope, 3), t.ty()));
    }
    if (k < 6) {
      return new Assign(t, r.nextBoolean() ? "++" : "--", null);
    }
    String op = COMPOUND[r.nextInt(COMPOUND.length)];
    Expr v = op.startsWith("<") || op.startsWith(">") ? shiftCount(scope) : num(scope, 2);
    if (op.equals("/=") || op.equals("%=")) {
      v = divisor(scope);
    }
    return new Assign(t, op, v);
  }

  Stmt ifStatement(GenScope scope, int depth) {
    Expr c = bool(scope, 3);
    Block then = block(scope, depth + 1, 1 + r.nextInt(5));
    Block otherwise = r.nextBoolean() ? block(scope, depth + 1, 1 + r.nextInt(4)) : Block.EMPTY;
    return new Stmt.If(c, then, otherwise);
  }

  Stmt forLoop(GenScope scope, int depth) {
    String v = fresh("i");
    // Nested loops run fewer times, so that the verifier's walk through every iteration stays
    // short.
    int bound = scope.loopDepth == 0 ? 1 + r.nextInt(10) : 1 + r.nextInt(4);
    int[] mark = scope.mark();
    scope.locals.add(new Local(v, Ty.INT, false));
    scope.loopDepth++;
    boolean wasInSwitch = scope.inSwitch;
    boolean wasNoContinue = scope.noContinue;
    scope.inSwitch = false;
    scope.noContinue = false;
    String label = knobs.liveCode() ? fuzzOnly.enterLoop(scope, true) : null;
    Block body = block(scope, depth + 1, 2 + r.nextInt(5));
    fuzzOnly.leaveLoop(scope, label);
    scope.inSwitch = wasInSwitch;
    scope.noContinue = wasNoContinue;
    scope.loopDepth--;
    scope.reset(mark);
    return new Stmt.For(v, bound, body, label);
  }

  /**
   * {@code if (c) { x /= 0; ... }} (fuzz only): a division that always fails, then more code, which
   * the processor must compile around although nothing after the division runs. Fuzz tests put
   * nothing there ({@link Stmt#alwaysFails}).
   */
  Stmt alwaysFailing(GenScope scope, int depth) {
    List<Local> writable = scope.locals.stream().filter(Local::writable).toList();
    Local l = pick(writable.stream().filter(x -> x.ty() != Ty.BOOLEAN).toList());
    List<Stmt> body = new ArrayList<>();
    body.add(
        new Assign(
            new Target(l.name(), null, null, l.ty()),
            r.nextBoolean() ? "/=" : "%=",
            lit(Ty.INT, 0)));
    body.addAll(block(scope, depth + 1, 1 + r.nextInt(3)).stmts());
    return new Stmt.If(fuzz.liveBool(scope, 1), new Block(body), Block.EMPTY);
  }

  /** A while or do-while loop with a counter (fuzz only). */
  Stmt whileLoop(GenScope scope, int depth) {
    String n = fresh("n");
    int bound = scope.loopDepth == 0 ? 1 + r.nextInt(8) : 1 + r.nextInt(3);
    Expr cond = r.nextBoolean() ? null : bool(scope, 1);
    int[] mark = scope.mark();
    scope.loopDepth++;
    boolean wasInSwitch = scope.inSwitch;
    boolean wasNoContinue = scope.noContinue;
    scope.inSwitch = false;
    scope.noContinue = true;
    String label = fuzzOnly.enterLoop(scope, false);
    Block body = block(scope, depth + 1, 2 + r.nextInt(4));
    fuzzOnly.leaveLoop(scope, label);
    scope.inSwitch = wasInSwitch;
    scope.noContinue = wasNoContinue;
    scope.loopDepth--;
    scope.reset(mark);
    return new Stmt.While(n, bound, cond, body, label);
  }

  Stmt switchStatement(GenScope scope, int depth) {
    Expr selector =
        knobs.liveCode()
            ? exact(new Bin(r.nextBoolean() ? "&" : "+", fuzz.live(scope), num(scope, 1)), Ty.INT)
            : exact(r.nextBoolean() ? bits(scope, 7) : num(scope, 2), Ty.INT);
    int cases = 1 + r.nextInt(4);
    List<Integer> labels = new ArrayList<>();
    List<Boolean> breaks = new ArrayList<>();
    List<Block> bodies = new ArrayList<>();
    // Dense labels make a tableswitch, sparse ones a lookupswitch.
    boolean dense = r.nextBoolean();
    int next = dense ? r.nextInt(3) - 1 : -r.nextInt(100);
    boolean wasInSwitch = scope.inSwitch;
    scope.inSwitch = true;
    for (int i = 0; i < cases; i++) {
      labels.add(next);
      next += dense ? 1 : 1 + r.nextInt(1000);
      breaks.add(r.nextInt(4) != 0);
      bodies.add(block(scope, depth + 1, 1 + r.nextInt(3)));
    }
    if (r.nextBoolean()) {
      labels.add(Stmt.Switch.DEFAULT);
      breaks.add(false);
      bodies.add(block(scope, depth + 1, 1 + r.nextInt(3)));
    }
    scope.inSwitch = wasInSwitch;
    boolean arrows = knobs.liveCode() && r.nextInt(3) == 0;
    return new Stmt.Switch(selector, labels, breaks, bodies, arrows);
  }

  Stmt newStruct(GenScope scope) {
    return newStruct(scope, pick(structs));
  }

  Stmt newStruct(GenScope scope, StructDef s) {
    String v = fresh("s");
    stackBytes += 8 * s.fields().size();
    scope.structs.add(new StructRef(v, s));
    return new Stmt.NewStruct(s.name(), v);
  }

  Stmt newArray(GenScope scope) {
    Ty elem = new Ty[] {Ty.INT, Ty.LONG, Ty.BYTE, Ty.SHORT, Ty.CHAR, Ty.INT}[r.nextInt(6)];
    int length = 1 + r.nextInt(12);
    stackBytes += length * elem.bits / 8 + 8;
    String v = fresh("a");
    scope.arrays.add(new ArrayRef(v, elem, length));
    return new Stmt.NewArray(elem, v, length);
  }

  /** A value of the S0 array map, the S1 hash map, or a boxed Long. */
  Stmt lookup(GenScope scope, int depth) {
    int k = r.nextInt(10);
    MapDef m = k < 4 ? arrayMap : k < 8 ? hashMap : longMap;
    String v = fresh("m");
    Expr key = key(scope, m);
    boolean checked = careful || r.nextInt(8) != 0;
    int[] mark = scope.mark();
    if (m == longMap) {
      // Read as a long: a Long cannot be cast to int or compared by value with ==.
      scope.locals.add(new Local("((long) " + v + ")", Ty.LONG, false));
    } else {
      scope.structs.add(new StructRef(v, structNamed(m.value())));
    }
    if (m == hashMap) {
      scope.frozenMaps.add(m.name());
    }
    Block present = block(scope, depth + 1, 1 + r.nextInt(6));
    scope.reset(mark);
    Block absent =
        checked && r.nextBoolean() ? block(scope, depth + 1, 1 + r.nextInt(3)) : Block.EMPTY;
    return new Stmt.Lookup(m.value(), v, m.name(), key, checked, present, absent);
  }

  /** The final stores: some top-level values into the array map's element 0. */
  Stmt epilogue(GenScope scope) {
    String v = fresh("m");
    List<Stmt> stores = new ArrayList<>();
    StructDef s0 = structNamed("S0");
    List<Local> numeric = scope.locals.stream().filter(l -> l.ty() != Ty.BOOLEAN).toList();
    for (int f = 0; f < s0.fields().size() && !numeric.isEmpty(); f++) {
      Ty t = s0.fields().get(f);
      if (t == Ty.BOOLEAN) {
        continue;
      }
      Local l = numeric.get(numeric.size() - 1 - (f % numeric.size()));
      stores.add(
          new Assign(
              new Target(v, "f" + f, null, t), "=", assignable(new Var(l.name(), l.ty()), t)));
    }
    return new Stmt.Lookup(
        "S0", v, arrayMap.name(), new Lit(Ty.INT, 0), true, new Block(stores), Block.EMPTY);
  }

  /** The return value: the last few values in scope folded together. */
  Expr mix(GenScope scope) {
    Expr acc = null;
    List<Local> numeric = scope.locals.stream().filter(l -> l.ty() != Ty.BOOLEAN).toList();
    for (int i = Math.max(0, numeric.size() - 4); i < numeric.size(); i++) {
      Local l = numeric.get(i);
      Expr v = new Var(l.name(), l.ty());
      acc =
          acc == null ? v : new Bin(i % 2 == 0 ? "^" : "+", new Bin("*", acc, lit(Ty.INT, 31)), v);
    }
    return acc == null ? lit(Ty.INT, 0) : acc;
  }
}
