package io.bpf4j.it.diff;

import io.bpf4j.it.diff.Expr.Bin;
import io.bpf4j.it.diff.Expr.Call;
import io.bpf4j.it.diff.Expr.Cast;
import io.bpf4j.it.diff.Expr.Cond;
import io.bpf4j.it.diff.Expr.CtxField;
import io.bpf4j.it.diff.Expr.Elem;
import io.bpf4j.it.diff.Expr.Field;
import io.bpf4j.it.diff.Expr.Lit;
import io.bpf4j.it.diff.Expr.MapOp;
import io.bpf4j.it.diff.Expr.PacketLoad;
import io.bpf4j.it.diff.Expr.StructCall;
import io.bpf4j.it.diff.Expr.Un;
import io.bpf4j.it.diff.Expr.Unboxed;
import io.bpf4j.it.diff.Expr.Var;
import io.bpf4j.it.diff.GenClass.GenProgram;
import io.bpf4j.it.diff.GenClass.HelperDef;
import io.bpf4j.it.diff.GenClass.MapDef;
import io.bpf4j.it.diff.GenClass.StructDef;
import io.bpf4j.it.diff.Stmt.Assign;
import io.bpf4j.it.diff.Stmt.Block;
import io.bpf4j.it.diff.Stmt.Target;
import io.bpf4j.lang.MapType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates random program classes over the Java subset bpf4j compiles (API.md, "The Java that
 * compiles"), every construct within what the verifier accepts: loops have constant trip counts,
 * stack arrays and objects stay far below 512 bytes, calls take at most four arguments.
 *
 * <p>Inputs come from the packet (reads at constant and computed offsets, some past the end), the
 * context's fields and the maps' starting contents; outputs are the return value and the maps. The
 * values that matter are favoured: 0, ±1, the types' limits, shift counts around the widths, zero
 * divisors and {@code MIN_VALUE / -1}.
 *
 * <p>One thing is kept out on purpose: a map value of a HASH map is never used after the program
 * updated or deleted an element of that map, because the kernel then may have recycled the element
 * (a use after free that Java cannot express).
 */
final class ProgramGenerator {
  private static final String[] ARITH = {"+", "-", "*", "/", "%", "&", "|", "^"};
  private static final String[] SHIFTS = {"<<", ">>", ">>>"};
  private static final String[] COMPARE = {"==", "!=", "<", "<=", ">", ">="};
  private static final String[] COMPOUND = {
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", ">>>="
  };
  private static final String[] SKB_FIELDS = {
    "len()",
    "len()",
    "len()",
    "protocol()",
    "pktType()",
    "ifindex()",
    "mark()",
    "priority()",
    "ingressIfindex()",
    "queueMapping()",
    "hash()",
    "tcIndex()",
    "cb(0)",
    "cb(3)",
    "vlanPresent()"
  };
  private static final String[] XDP_FIELDS = {
    "length()", "length()", "length()", "ingressIfindex()", "rxQueueIndex()"
  };
  private static final String[] LOADS = {"loadByte", "loadHalf", "loadWord"};
  private static final long[] INTERESTING = {
    0,
    1,
    -1,
    2,
    3,
    7,
    8,
    15,
    16,
    31,
    32,
    33,
    63,
    64,
    65,
    100,
    127,
    128,
    -128,
    255,
    256,
    1000,
    32767,
    32768,
    -32768,
    65535,
    65536,
    Integer.MAX_VALUE,
    Integer.MIN_VALUE,
    0xffffffffL,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    0x80000000L,
    -0x80000000L - 1
  };

  /** Shape knobs; {@link #DEFAULT} is what CI runs. */
  record Knobs(int programStatements, int maxDepth, int maxLoopDepth, int maxHelpers) {}

  static final Knobs DEFAULT = new Knobs(34, 3, 2, 3);

  private final Random r;
  private final Knobs knobs;

  ProgramGenerator(long seed, Knobs knobs) {
    this.r = new Random(seed);
    this.knobs = knobs;
  }

  /** A class {@code pkg.name} with {@code programs} programs and two struct types. */
  GenClass generateClass(String pkg, String name, int programs, boolean inline) {
    List<StructDef> structs = List.of(struct("S0"), struct("S1"));
    List<GenProgram> ps = new ArrayList<>();
    for (int i = 0; i < programs; i++) {
      ps.add(new ProgramBuilder("p" + i, section(), structs, r.nextLong()).build());
    }
    return new GenClass(pkg, name, structs, ps, inline);
  }

  private String section() {
    int k = r.nextInt(10);
    return k < 6 ? "socket" : k < 8 ? "tc" : "xdp";
  }

  private StructDef struct(String name) {
    Ty[] types = {Ty.LONG, Ty.INT, Ty.SHORT, Ty.CHAR, Ty.BYTE, Ty.BOOLEAN, Ty.INT, Ty.LONG};
    List<Ty> fields = new ArrayList<>();
    int n = 3 + r.nextInt(5);
    for (int i = 0; i < n; i++) {
      fields.add(types[r.nextInt(types.length)]);
    }
    return new StructDef(name, fields);
  }

  /** A numeric variable, parameter or loop counter in scope. */
  private record Local(String name, Ty ty, boolean writable) {}

  /** A struct reference in scope: a stack object or a map value (never null where visible). */
  private record StructRef(String name, StructDef type) {}

  private record ArrayRef(String name, Ty elem, int length) {}

  /** Where code is being generated: what is in scope and which constructs are allowed. */
  private static final class Scope {
    final List<Local> locals = new ArrayList<>();
    final List<StructRef> structs = new ArrayList<>();
    final List<ArrayRef> arrays = new ArrayList<>();
    final List<String> frozenMaps = new ArrayList<>();
    int loopDepth;
    boolean inSwitch;

    /** Marks what is in scope now, to drop what a nested block declares when it ends. */
    int[] mark() {
      return new int[] {locals.size(), structs.size(), arrays.size(), frozenMaps.size()};
    }

    void reset(int[] m) {
      locals.subList(m[0], locals.size()).clear();
      structs.subList(m[1], structs.size()).clear();
      arrays.subList(m[2], arrays.size()).clear();
      frozenMaps.subList(m[3], frozenMaps.size()).clear();
    }
  }

  /** Builds one program: its maps, helpers and body. */
  private final class ProgramBuilder {
    final String name;
    final String section;
    final List<StructDef> structs;
    final long seed;
    final MapDef arrayMap;
    final MapDef hashMap;
    final MapDef longMap;
    final List<HelperDef> helpers = new ArrayList<>();

    /**
     * Stack bytes each helper's objects and arrays take (with its callees'): inlining copies them.
     */
    final java.util.Map<String, Integer> helperStack = new java.util.HashMap<>();

    /** How many copies of helper code a call of each helper inlines (itself and its callees). */
    final java.util.Map<String, Integer> helperCopies = new java.util.HashMap<>();

    /** Helper copies inlined into the method being generated so far. */
    int copies;

    int names;
    int stackBytes;
    int budget;

    /** The helper being generated (it may call only later helpers), or -1 in the program. */
    int currentHelper = -1;

    boolean inHelper;

    /**
     * A careful program rarely does what Java throws for (zero divisors, reads past 8 bytes,
     * indexes out of bounds, missing map values), so that its runs mostly reach their end.
     */
    final boolean careful = r.nextBoolean();

    boolean helperHasCtx = true;
    StructDef helperStruct;

    ProgramBuilder(String name, String section, List<StructDef> structs, long seed) {
      this.name = name;
      this.section = section;
      this.structs = structs;
      this.seed = seed;
      this.arrayMap = map(name + "a", MapType.ARRAY, 4, "S0");
      this.hashMap = map(name + "h", MapType.HASH, 6, "S1");
      this.longMap = map(name + "v", r.nextBoolean() ? MapType.HASH : MapType.ARRAY, 8, "Long");
    }

    private MapDef map(String n, MapType type, int maxEntries, String value) {
      return new MapDef(n, type, maxEntries, value, MapStates.keySpace(type, maxEntries));
    }

    GenProgram build() {
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
      Scope scope = new Scope();
      List<Stmt> body = new ArrayList<>();
      String first = fresh("v");
      body.add(new Stmt.Decl(Ty.INT, first, new CtxField(lengthField())));
      scope.locals.add(new Local(first, Ty.INT, true));
      budget = knobs.programStatements() / 2 + r.nextInt(knobs.programStatements());
      while (budget > 0) {
        body.add(statement(scope, 0));
      }
      body.add(epilogue(scope));
      body.add(new Stmt.Return(exact(mix(scope), Ty.INT)));
      return new GenProgram(
          name, section, List.of(arrayMap, hashMap, longMap), helpers, new Block(body), seed);
    }

    private String lengthField() {
      return section.equals("xdp") ? "length()" : "len()";
    }

    private String fresh(String prefix) {
      return prefix + names++;
    }

    // ---- helpers

    private HelperDef planHelper(int i) {
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

    private HelperDef helperBody(int i, HelperDef h) {
      currentHelper = i;
      inHelper = true;
      helperHasCtx = h.ctx();
      helperStruct = h.struct() == null ? null : structNamed(h.struct());
      Scope scope = new Scope();
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

    private StructDef structNamed(String n) {
      for (StructDef s : structs) {
        if (s.name().equals(n)) {
          return s;
        }
      }
      throw new IllegalArgumentException(n);
    }

    // ---- statements

    private Block block(Scope scope, int depth, int size) {
      int[] mark = scope.mark();
      List<Stmt> out = new ArrayList<>();
      int end = Math.max(0, budget - size);
      while (budget > end) {
        out.add(statement(scope, depth));
      }
      scope.reset(mark);
      return new Block(out);
    }

    private Stmt statement(Scope scope, int depth) {
      budget--;
      boolean nest = depth < knobs.maxDepth() && budget > 2;
      while (true) {
        int k = r.nextInt(100);
        if (k < 14) {
          return declare(scope);
        } else if (k < 34) {
          Stmt s = assign(scope);
          if (s != null) {
            return s;
          }
        } else if (k < 42 && nest) {
          return ifStatement(scope, depth);
        } else if (k < 48 && nest && scope.loopDepth < knobs.maxLoopDepth()) {
          return forLoop(scope, depth);
        } else if (k < 52 && nest) {
          return switchStatement(scope, depth);
        } else if (k < 57 && scope.loopDepth > 0) {
          return r.nextBoolean()
              ? new Stmt.BreakIf(bool(scope, 2))
              : new Stmt.ContinueIf(bool(scope, 2));
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

    /** Stack bytes for objects and arrays: the program's and its helpers' frames add up. */
    private int stackLimit() {
      return inHelper ? 48 : 160;
    }

    private Ty returnType() {
      if (!inHelper) {
        return Ty.INT;
      }
      return helpers.get(currentHelper).ret();
    }

    private Stmt declare(Scope scope) {
      Ty t = r.nextInt(8) == 0 ? Ty.BOOLEAN : numericType();
      Expr init = t == Ty.BOOLEAN ? bool(scope, 3) : assignable(num(scope, 3), t);
      String v = fresh("v");
      scope.locals.add(new Local(v, t, true));
      return new Stmt.Decl(t, v, init);
    }

    private Stmt assign(Scope scope) {
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

    private Stmt fieldAssign(Scope scope, String object, StructDef type) {
      int f = r.nextInt(type.fields().size());
      return update(scope, new Target(object, "f" + f, null, type.fields().get(f)));
    }

    /** {@code t = e}, {@code t op= e} or {@code t++} as Java allows for t's type. */
    private Stmt update(Scope scope, Target t) {
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

    private Stmt ifStatement(Scope scope, int depth) {
      Expr c = bool(scope, 3);
      Block then = block(scope, depth + 1, 1 + r.nextInt(5));
      Block otherwise = r.nextBoolean() ? block(scope, depth + 1, 1 + r.nextInt(4)) : Block.EMPTY;
      return new Stmt.If(c, then, otherwise);
    }

    private Stmt forLoop(Scope scope, int depth) {
      String v = fresh("i");
      // Nested loops run fewer times, so that the verifier's walk through every iteration stays
      // short.
      int bound = scope.loopDepth == 0 ? 1 + r.nextInt(10) : 1 + r.nextInt(4);
      int[] mark = scope.mark();
      scope.locals.add(new Local(v, Ty.INT, false));
      scope.loopDepth++;
      boolean wasInSwitch = scope.inSwitch;
      scope.inSwitch = false;
      Block body = block(scope, depth + 1, 2 + r.nextInt(5));
      scope.inSwitch = wasInSwitch;
      scope.loopDepth--;
      scope.reset(mark);
      return new Stmt.For(v, bound, body);
    }

    private Stmt switchStatement(Scope scope, int depth) {
      Expr selector = exact(r.nextBoolean() ? bits(scope, 7) : num(scope, 2), Ty.INT);
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
      return new Stmt.Switch(selector, labels, breaks, bodies);
    }

    private Stmt newStruct(Scope scope) {
      StructDef s = pick(structs);
      String v = fresh("s");
      stackBytes += 8 * s.fields().size();
      scope.structs.add(new StructRef(v, s));
      return new Stmt.NewStruct(s.name(), v);
    }

    private Stmt newArray(Scope scope) {
      Ty elem = new Ty[] {Ty.INT, Ty.LONG, Ty.BYTE, Ty.SHORT, Ty.CHAR, Ty.INT}[r.nextInt(6)];
      int length = 1 + r.nextInt(12);
      stackBytes += length * elem.bits / 8 + 8;
      String v = fresh("a");
      scope.arrays.add(new ArrayRef(v, elem, length));
      return new Stmt.NewArray(elem, v, length);
    }

    /** A value of the S0 array map, the S1 hash map, or a boxed Long. */
    private Stmt lookup(Scope scope, int depth) {
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
    private Stmt epilogue(Scope scope) {
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
    private Expr mix(Scope scope) {
      Expr acc = null;
      List<Local> numeric = scope.locals.stream().filter(l -> l.ty() != Ty.BOOLEAN).toList();
      for (int i = Math.max(0, numeric.size() - 4); i < numeric.size(); i++) {
        Local l = numeric.get(i);
        Expr v = new Var(l.name(), l.ty());
        acc =
            acc == null
                ? v
                : new Bin(i % 2 == 0 ? "^" : "+", new Bin("*", acc, lit(Ty.INT, 31)), v);
      }
      return acc == null ? lit(Ty.INT, 0) : acc;
    }

    // ---- expressions

    private Ty numericType() {
      int k = r.nextInt(12);
      return k < 5 ? Ty.INT : k < 9 ? Ty.LONG : k == 9 ? Ty.BYTE : k == 10 ? Ty.SHORT : Ty.CHAR;
    }

    /** A numeric expression of any numeric type. */
    private Expr num(Scope scope, int depth) {
      if (depth <= 0 || r.nextInt(10) < 3) {
        return leaf(scope);
      }
      int k = r.nextInt(100);
      if (k < 35) {
        String op = ARITH[r.nextInt(ARITH.length)];
        Expr right = op.equals("/") || op.equals("%") ? divisor(scope) : num(scope, depth - 1);
        return new Bin(op, num(scope, depth - 1), right);
      } else if (k < 47) {
        return new Bin(SHIFTS[r.nextInt(3)], num(scope, depth - 1), shiftCount(scope));
      } else if (k < 53) {
        return new Un(r.nextBoolean() ? "-" : "~", num(scope, depth - 1));
      } else if (k < 63) {
        return new Cast(numericType(), num(scope, depth - 1));
      } else if (k < 71) {
        Ty t = numericType();
        return new Cond(
            bool(scope, depth - 1),
            exact(num(scope, depth - 1), t),
            exact(num(scope, depth - 1), t));
      } else if (k < 79) {
        Expr c = call(scope, depth - 1);
        if (c != null) {
          return c;
        }
      } else if (k < 85 && !inHelper && r.nextInt(3) == 0) {
        Expr op = mapOp(scope);
        if (op != null) {
          return op;
        }
      } else if (k < 88 && !inHelper && (longMap.isArray() || !careful && r.nextInt(5) == 0)) {
        // A HASH map mostly lacks the key: its null Long would end most runs.
        return new Unboxed(longMap.name(), key(scope, longMap));
      }
      return leaf(scope);
    }

    private Expr leaf(Scope scope) {
      while (true) {
        int k = r.nextInt(100);
        if (k < 22) {
          Ty t = numericType();
          return lit(t, interesting(t));
        } else if (k < 55 && !scope.locals.isEmpty()) {
          Local l = pick(scope.locals);
          if (l.ty() != Ty.BOOLEAN) {
            return new Var(l.name(), l.ty());
          }
        } else if (k < 62 && hasCtx()) {
          String[] fields = section.equals("xdp") ? XDP_FIELDS : SKB_FIELDS;
          return new CtxField(fields[r.nextInt(fields.length)]);
        } else if (k < 74 && hasCtx()) {
          return new PacketLoad(LOADS[r.nextInt(3)], packetOffset(scope));
        } else if (k < 85 && (!scope.structs.isEmpty() || helperStruct != null)) {
          StructRef s =
              scope.structs.isEmpty() || (helperStruct != null && r.nextBoolean())
                  ? new StructRef("o", helperStruct)
                  : pick(scope.structs);
          int f = r.nextInt(s.type().fields().size());
          Ty t = s.type().fields().get(f);
          Field e = new Field(s.name(), "f" + f, t);
          return t == Ty.BOOLEAN ? new Cond(e, lit(Ty.INT, 1), lit(Ty.INT, 0)) : e;
        } else if (k < 95 && !scope.arrays.isEmpty()) {
          ArrayRef a = pick(scope.arrays);
          return new Elem(a.name(), a.elem(), index(scope, a.length()));
        } else if (k >= 95) {
          return lit(Ty.INT, r.nextInt(50));
        }
      }
    }

    private boolean hasCtx() {
      return !inHelper || helperHasCtx;
    }

    /** A boolean expression. */
    private Expr bool(Scope scope, int depth) {
      int k = r.nextInt(100);
      if (depth <= 0 || k < 50) {
        Expr a = num(scope, Math.max(0, depth - 1));
        Expr b =
            r.nextInt(3) == 0 ? lit(a.ty().promoted(), interesting(a.ty())) : num(scope, depth - 1);
        return new Bin(COMPARE[r.nextInt(COMPARE.length)], a, b);
      } else if (k < 65) {
        return new Bin(
            r.nextBoolean() ? "&&" : "||", bool(scope, depth - 1), bool(scope, depth - 1));
      } else if (k < 72) {
        return new Un("!", bool(scope, depth - 1));
      } else if (k < 80) {
        return new Bin(
            new String[] {"&", "|", "^", "==", "!="}[r.nextInt(5)],
            bool(scope, depth - 1),
            bool(scope, depth - 1));
      } else if (k < 90) {
        List<Local> flags = scope.locals.stream().filter(l -> l.ty() == Ty.BOOLEAN).toList();
        if (!flags.isEmpty()) {
          Local l = pick(flags);
          return new Var(l.name(), Ty.BOOLEAN);
        }
      } else if (k < 96 && !scope.structs.isEmpty()) {
        StructRef s = pick(scope.structs);
        for (int f = 0; f < s.type().fields().size(); f++) {
          if (s.type().fields().get(f) == Ty.BOOLEAN) {
            return new Field(s.name(), "f" + f, Ty.BOOLEAN);
          }
        }
      } else if (k >= 96) {
        return lit(Ty.BOOLEAN, r.nextInt(2));
      }
      Expr a = num(scope, Math.max(0, depth - 1));
      return new Bin(COMPARE[r.nextInt(COMPARE.length)], a, num(scope, 0));
    }

    /** A divisor: often zero, -1 or a value that may be zero. */
    private Expr divisor(Scope scope) {
      int k = careful ? 7 + r.nextInt(3) : r.nextInt(10);
      if (k < 2) {
        Ty t = r.nextBoolean() ? Ty.INT : Ty.LONG;
        long[] divisors = {-1, -1, 0, 1, 2, 3, 7, 256};
        return lit(t, divisors[r.nextInt(divisors.length)]);
      }
      if (k < 4) {
        return bits(scope, 2 + r.nextInt(3));
      }
      if (k < 7) {
        return num(scope, 1);
      }
      // Never zero, so that the code after the division runs too.
      Expr e = num(scope, 1);
      return new Bin("|", e, lit(e.ty().promoted(), 1));
    }

    /** A shift count: constants around the widths (and negative ones), or any value. */
    private Expr shiftCount(Scope scope) {
      if (r.nextBoolean()) {
        long[] counts = {0, 1, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, -1, -31, -33, 100};
        return lit(r.nextInt(4) == 0 ? Ty.LONG : Ty.INT, counts[r.nextInt(counts.length)]);
      }
      return num(scope, 1);
    }

    /** {@code (e & mask)}: a small non-negative int. */
    private Expr bits(Scope scope, int width) {
      return exact(new Bin("&", num(scope, 1), lit(Ty.INT, (1 << width) - 1)), Ty.INT);
    }

    /** A packet offset: mostly within the first 70 bytes, sometimes computed, rarely wild. */
    private Expr packetOffset(Scope scope) {
      if (careful) {
        return r.nextBoolean() ? lit(Ty.INT, r.nextInt(8)) : bits(scope, 1 + r.nextInt(2));
      }
      int k = r.nextInt(10);
      if (k < 5) {
        int far = r.nextInt(10);
        return lit(Ty.INT, r.nextInt(far == 0 ? 100 : far < 4 ? 40 : 16));
      }
      if (k < 8) {
        return bits(scope, 3 + r.nextInt(3));
      }
      if (k < 9) {
        return exact(new Bin("+", bits(scope, 4), lit(Ty.INT, r.nextInt(20))), Ty.INT);
      }
      return exact(num(scope, 1), Ty.INT);
    }

    /** An array index: in bounds mostly, sometimes just outside, sometimes anything. */
    private Expr index(Scope scope, int length) {
      if (careful) {
        int width = 31 - Integer.numberOfLeadingZeros(length); // 2^width <= length
        return r.nextBoolean() || width == 0 ? lit(Ty.INT, r.nextInt(length)) : bits(scope, width);
      }
      int k = r.nextInt(10);
      List<Local> counters =
          scope.locals.stream().filter(l -> !l.writable() && l.ty() == Ty.INT).toList();
      if (k < 1 && !counters.isEmpty()) {
        return new Var(pick(counters).name(), Ty.INT);
      }
      if (k < 6) {
        return lit(Ty.INT, r.nextInt(10) == 0 ? length : r.nextInt(length));
      }
      if (k < 9) {
        int width = 32 - Integer.numberOfLeadingZeros(length);
        return bits(scope, width);
      }
      return exact(num(scope, 1), Ty.INT);
    }

    /** A map key: within the map's key space mostly, sometimes anything. */
    private Expr key(Scope scope, MapDef m) {
      int k = r.nextInt(10);
      if (k < 4) {
        return lit(Ty.INT, r.nextInt(m.keySpace()));
      }
      if (k < 9 || m.isArray() && m.value().equals("Long")) {
        int width = 32 - Integer.numberOfLeadingZeros(m.keySpace() - 1);
        return bits(scope, width);
      }
      return exact(num(scope, 1), Ty.INT);
    }

    /** An update or delete on one of the program's maps that the scope allows. */
    private Expr mapOp(Scope scope) {
      int k = r.nextInt(10);
      MapDef m = k < 3 ? arrayMap : k < 7 ? hashMap : longMap;
      if (scope.frozenMaps.contains(m.name())) {
        return null;
      }
      Expr key = key(scope, m);
      long[] flags = {0, 0, 1, 2};
      long flag = flags[r.nextInt(flags.length)];
      if (r.nextInt(4) == 0) {
        return new MapOp(m.name(), "delete", key, null, null, 0);
      }
      if (m == longMap) {
        return new MapOp(m.name(), "update", key, null, exact(num(scope, 2), Ty.LONG), flag);
      }
      List<StructRef> values =
          scope.structs.stream().filter(s -> s.type().name().equals(m.value())).toList();
      if (values.isEmpty()) {
        return null;
      }
      return new MapOp(m.name(), "update", key, pick(values).name(), null, flag);
    }

    /** A call of a later helper than the current one, or null if there is none. */
    private Expr call(Scope scope, int depth) {
      int from = currentHelper + 1;
      if (from >= helpers.size()) {
        return null;
      }
      HelperDef h = helpers.get(from + r.nextInt(helpers.size() - from));
      int cost = helperStack.getOrDefault(h.name(), 0);
      int inlined = helperCopies.getOrDefault(h.name(), 1);
      // Every inlined copy brings its own registers and spill slots, which the processor does not
      // share: past a dozen copies a program outgrows the 512-byte stack.
      if (h.ctx() && !hasCtx()
          || stackBytes + cost > stackLimit()
          || copies + inlined > (inHelper ? 4 : 12)) {
        return null;
      }
      stackBytes += cost;
      copies += inlined;
      List<Expr> args = new ArrayList<>();
      for (Ty t : h.params()) {
        args.add(assignable(num(scope, Math.max(0, depth - 1)), t));
      }
      if (h.struct() != null) {
        List<StructRef> refs =
            scope.structs.stream().filter(s -> s.type().name().equals(h.struct())).toList();
        String ref;
        if (!refs.isEmpty() && (careful || r.nextInt(16) != 0)) {
          ref = pick(refs).name();
        } else if (helperStruct != null && helperStruct.name().equals(h.struct())) {
          ref = "o";
        } else {
          // null: the callee's first dereference ends the whole program with 0.
          ref = "null";
        }
        return new StructCall(h.name(), h.ret(), ref, args);
      }
      return new Call(h.name(), h.ret(), h.ctx(), args);
    }

    // ---- literals and conversions

    private long interesting(Ty t) {
      if (r.nextInt(4) == 0) {
        return t.wrap(r.nextLong() >> r.nextInt(64));
      }
      return t.wrap(INTERESTING[r.nextInt(INTERESTING.length)]);
    }

    private <T> T pick(List<T> xs) {
      return xs.get(r.nextInt(xs.size()));
    }
  }

  static Lit lit(Ty t, long v) {
    return new Lit(t == Ty.BOOLEAN ? Ty.BOOLEAN : t, v);
  }

  /** {@code e} as exactly type {@code t} (a cast unless it already is). */
  static Expr exact(Expr e, Ty t) {
    return e.ty() == t ? e : new Cast(t, e);
  }

  /** {@code e} as something assignable to {@code t}: itself if it widens, else a cast. */
  static Expr assignable(Expr e, Ty t) {
    return e.ty().widensTo(t) ? e : new Cast(t, e);
  }
}
