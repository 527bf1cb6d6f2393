package io.bpf4j.processor.fuzz;

import io.bpf4j.processor.fuzz.GeneratedClass.Method;
import io.bpf4j.processor.fuzz.Stmt.Block;
import io.bpf4j.processor.fuzz.Stmt.Hole;
import io.bpf4j.processor.fuzz.Stmt.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates random BPF program classes that the processor must compile: socket, tc and XDP programs
 * and the static methods they call, over int and long locals, @Struct objects from maps and from
 * {@code new}, maps of Integer, Long and @Struct keys and values, packet and context reads,
 * constant-length arrays, helpers, bounded loops and switches — the Java of API.md's "The Java that
 * compiles". Between any two statements it leaves a {@link Stmt.Hole} recording what is in scope,
 * where {@link UnsupportedConstructs} may inject something that must be rejected.
 *
 * <p>Every generated program is valid Java: locals are initialized where declared, names are unique
 * per method, nothing follows a return, break or continue in its block, and no condition is a
 * compile-time constant (javac would drop the code it guards).
 */
public final class ProgramGenerator {
  /** The package of generated classes. */
  public static final String PACKAGE = "fuzz";

  /** Statements per method at most, so that programs stay small enough to read when they fail. */
  private static final int STATEMENT_BUDGET = 40;

  /** {@code new} sites per method at most: each is a stack slot, and the stack has 512 bytes. */
  private static final int NEW_SITES = 3;

  private static final String[] SKB_FIELDS = {
    "len",
    "pktType",
    "mark",
    "queueMapping",
    "protocol",
    "vlanPresent",
    "vlanTci",
    "vlanProto",
    "priority",
    "ingressIfindex",
    "ifindex",
    "tcIndex",
    "hash"
  };
  private static final String[] XDP_FIELDS = {"ingressIfindex", "rxQueueIndex", "length"};
  private static final String[] INT_OPS = {
    "+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", ">>>"
  };
  private static final String[] COMPARISONS = {"<", "<=", ">", ">=", "==", "!="};
  private static final String[] COMPOUND_OPS = {
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", ">>>="
  };

  private final Random rnd;
  private final String className;
  private final List<Helper> helpers = new ArrayList<>();
  private int holes;
  private MethodState m;

  /** A generated static method that programs and later helpers may call. */
  private record Helper(String name, String returnType, List<String> paramTypes) {}

  /** A constant-length array local declared at the top of a method. */
  private record Arr(String name, String elementType, int length) {}

  /** What the method being generated has: its context, arrays and callable helpers. */
  private static final class MethodState {
    final String name;
    final String returnType;
    final String selfCall;
    final String ctx;
    final String ctxType;
    final boolean xdp;
    final List<Helper> callable;
    final List<Arr> arrays = new ArrayList<>();
    int fresh;
    int newSites;
    int budget = STATEMENT_BUDGET;

    MethodState(
        String name,
        String returnType,
        String selfCall,
        String ctx,
        String ctxType,
        boolean xdp,
        List<Helper> callable) {
      this.name = name;
      this.returnType = returnType;
      this.selfCall = selfCall;
      this.ctx = ctx;
      this.ctxType = ctxType;
      this.xdp = xdp;
      this.callable = callable;
    }
  }

  /** The variables in scope in a block; a nested block works on a copy. */
  private static final class Vars {
    final List<String> ints = new ArrayList<>();
    final List<String> writableInts = new ArrayList<>();
    final List<String> longs = new ArrayList<>();
    final List<String> writableLongs = new ArrayList<>();

    /** Struct (Rec) locals known not to be null here. */
    final List<String> structs = new ArrayList<>();

    int depth;
    int loops;

    /** Inside a for loop (directly or through a switch), where continue is safe. */
    boolean inFor;

    boolean inLoop;

    Vars copy() {
      Vars v = new Vars();
      v.ints.addAll(ints);
      v.writableInts.addAll(writableInts);
      v.longs.addAll(longs);
      v.writableLongs.addAll(writableLongs);
      v.structs.addAll(structs);
      v.depth = depth + 1;
      v.loops = loops;
      v.inFor = inFor;
      v.inLoop = inLoop;
      return v;
    }
  }

  private ProgramGenerator(Random rnd, String className) {
    this.rnd = rnd;
    this.className = className;
  }

  /** A random valid program class named {@code className} in {@link #PACKAGE}. */
  public static GeneratedClass generate(Random rnd, String className) {
    return new ProgramGenerator(rnd, className).generate();
  }

  private GeneratedClass generate() {
    List<Method> helperMethods = new ArrayList<>();
    int helperCount = rnd.nextInt(4);
    for (int i = 0; i < helperCount; i++) {
      helperMethods.add(helper(i));
    }
    List<Method> programs = new ArrayList<>();
    int programCount = 1 + rnd.nextInt(3);
    for (int i = 0; i < programCount; i++) {
      programs.add(program(i, i == 0));
    }
    List<Method> methods = new ArrayList<>(programs);
    methods.addAll(helperMethods);
    return new GeneratedClass(PACKAGE, className, members(), methods);
  }

  private static List<List<String>> members() {
    return List.of(
        List.of("static final int LIMIT = 8;"),
        List.of("static final long BIG = 1L << 33;"),
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
            "}"),
        List.of(
            "@Struct",
            "public static final class Key {",
            "  public int ifindex;",
            "  public short proto;",
            "  public byte dir;",
            "}"),
        List.of("@Map(type = MapType.HASH, maxEntries = 64)", "static BpfMap<Integer, Rec> recs;"),
        List.of(
            "@Map(type = MapType.LRU_HASH, maxEntries = 64)", "static BpfMap<Integer, Rec> recs2;"),
        List.of(
            "@Map(type = MapType.ARRAY, maxEntries = 8)", "static BpfMap<Integer, Long> counts;"),
        List.of(
            "@Map(type = MapType.LRU_HASH, maxEntries = 32)", "static BpfMap<Key, Long> byKey;"),
        List.of(
            "@Map(type = MapType.PERCPU_HASH, maxEntries = 16)",
            "static BpfMap<Long, Integer> byLong;"),
        List.of("@Map(type = MapType.PROG_ARRAY, maxEntries = 4)", "static ProgArray jumps;"),
        List.of("@Map(type = MapType.RINGBUF, maxEntries = 4096)", "static RingBuf<Rec> events;"));
  }

  // ---- methods

  private Method program(int index, boolean callsEveryHelper) {
    String name = "prog" + index;
    int kind = rnd.nextInt(4);
    String section =
        switch (kind) {
          case 0 -> "socket";
          case 1 -> rnd.nextBoolean() ? "tc" : "tcx/ingress";
          case 2 -> "cgroup_skb/egress";
          default -> "xdp";
        };
    boolean xdp = kind == 3;
    String ctx = xdp ? "ctx" : "skb";
    String ctxType = xdp ? "XdpMd" : "SkBuff";
    m = new MethodState(name, "int", name + "(" + ctx + ")", ctx, ctxType, xdp, helpers);
    Vars v = new Vars();
    List<Stmt> body = new ArrayList<>();
    prologue(body, v);
    statements(body, v, 3 + rnd.nextInt(12));
    if (callsEveryHelper) {
      // Every helper is reachable, so that what is injected into it is compiled.
      for (Helper h : helpers) {
        body.add(hole(v));
        body.add(new Line(helperCallStatement(v, h)));
      }
    }
    body.add(hole(v));
    body.add(new Line("return " + pick("acc", "(int) (lacc ^ acc)", "acc & 3") + ";"));
    return new Method(
        List.of(
            "@Section(\"" + section + "\")",
            "public static int " + name + "(" + ctxType + " " + ctx + ") {"),
        body);
  }

  private Method helper(int index) {
    String name = "h" + index;
    String returnType = pick("int", "int", "long", "void");
    int params = 1 + rnd.nextInt(3);
    List<String> types = new ArrayList<>();
    List<String> decls = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < params; i++) {
      String t = rnd.nextBoolean() ? "int" : "long";
      types.add(t);
      decls.add(t + " p" + i);
      names.add("p" + i);
    }
    String selfCall = name + "(" + String.join(", ", names) + ")";
    m = new MethodState(name, returnType, selfCall, null, null, false, List.copyOf(helpers));
    Vars v = new Vars();
    for (int i = 0; i < params; i++) {
      (types.get(i).equals("int") ? v.ints : v.longs).add("p" + i);
    }
    List<Stmt> body = new ArrayList<>();
    prologue(body, v);
    statements(body, v, 2 + rnd.nextInt(8));
    body.add(hole(v));
    switch (returnType) {
      case "int" -> body.add(new Line("return acc;"));
      case "long" -> body.add(new Line("return lacc + acc;"));
      default -> {}
    }
    helpers.add(new Helper(name, returnType, types));
    return new Method(
        List.of("static " + returnType + " " + name + "(" + String.join(", ", decls) + ") {"),
        body);
  }

  /** {@code acc} and {@code lacc}, which every method has, and the method's arrays. */
  private void prologue(List<Stmt> body, Vars v) {
    body.add(new Line("int acc = " + intExpr(v, 1) + ";"));
    v.ints.add("acc");
    v.writableInts.add("acc");
    body.add(new Line("long lacc = " + longExpr(v, 1) + ";"));
    v.longs.add("lacc");
    v.writableLongs.add("lacc");
    int arrays = rnd.nextInt(3);
    for (int i = 0; i < arrays; i++) {
      String type = pick("int", "long", "byte", "short", "char");
      int length = 1 + rnd.nextInt(8);
      String name = "arr" + i;
      if (rnd.nextInt(4) == 0 && !type.equals("char")) {
        List<String> init = new ArrayList<>();
        for (int k = 0; k < length; k++) {
          init.add(String.valueOf(rnd.nextInt(100)));
        }
        body.add(new Line(type + "[] " + name + " = {" + String.join(", ", init) + "};"));
      } else {
        body.add(new Line(type + "[] " + name + " = new " + type + "[" + length + "];"));
      }
      m.arrays.add(new Arr(name, type, length));
    }
  }

  private Hole hole(Vars v) {
    return new Hole(
        holes++,
        new Scope(
            className,
            m.name,
            m.returnType,
            m.selfCall,
            m.ctx,
            m.ctxType,
            m.xdp,
            List.copyOf(v.ints)));
  }

  private String fresh(String prefix) {
    return prefix + m.fresh++;
  }

  // ---- statements

  /** Up to {@code n} statements with a hole before each and one at the end. */
  private void statements(List<Stmt> out, Vars v, int n) {
    for (int i = 0; i < n && m.budget > 0; i++) {
      out.add(hole(v));
      m.budget--;
      out.addAll(statement(v));
    }
    out.add(hole(v));
  }

  private List<Stmt> block(Vars v, int n) {
    List<Stmt> out = new ArrayList<>();
    statements(out, v, n);
    return out;
  }

  private List<Stmt> statement(Vars v) {
    boolean nest = v.depth < 3 && m.budget > 4;
    for (int attempt = 0; ; attempt++) {
      int choice = rnd.nextInt(24);
      switch (choice) {
        case 0, 1 -> {
          String name = fresh("v");
          Line decl = new Line("int " + name + " = " + intExpr(v, 2) + ";");
          v.ints.add(name);
          v.writableInts.add(name);
          return List.of(decl);
        }
        case 2 -> {
          String name = fresh("w");
          Line decl = new Line("long " + name + " = " + longExpr(v, 2) + ";");
          v.longs.add(name);
          v.writableLongs.add(name);
          return List.of(decl);
        }
        case 3, 4 -> {
          return List.of(assignment(v));
        }
        case 5 -> {
          return List.of(new Line(pick(v.writableInts) + pick("++;", "--;")));
        }
        case 6 -> {
          if (v.writableInts.size() > 1) {
            String a = pick(v.writableInts);
            String b = pick(v.writableInts);
            if (!a.equals(b)) {
              return List.of(new Line(a + " = " + b + " = " + intExpr(v, 2) + ";"));
            }
          }
        }
        case 7, 8 -> {
          if (nest) {
            return List.of(ifStatement(v));
          }
        }
        case 9 -> {
          if (nest && v.loops < 2) {
            return loop(v);
          }
        }
        case 10 -> {
          if (nest) {
            return List.of(switchStatement(v));
          }
        }
        case 11 -> {
          if (nest) {
            return structLookup(v);
          }
        }
        case 12 -> {
          if (m.newSites < NEW_SITES) {
            return newStruct(v);
          }
        }
        case 13 -> {
          return countsStatement(v);
        }
        case 14 -> {
          if (m.newSites < NEW_SITES && nest) {
            return keyedLookup(v);
          }
        }
        case 15 -> {
          if (nest) {
            return longKeyed(v);
          }
        }
        case 16, 17 -> {
          if (!v.structs.isEmpty()) {
            return List.of(structUpdate(v));
          }
        }
        case 18 -> {
          if (!m.arrays.isEmpty() && rnd.nextBoolean()) {
            return List.of(arrayStore(v));
          }
          if (m.newSites < NEW_SITES) {
            return List.of(scopedArray(v));
          }
        }
        case 19 -> {
          return List.of(printk(v));
        }
        case 20 -> {
          if (!m.callable.isEmpty()) {
            return List.of(new Line(helperCallStatement(v, pick(m.callable))));
          }
        }
        case 21 -> {
          if (m.ctx != null && rnd.nextInt(3) == 0) {
            return List.of(new Line("jumps.tailCall(" + m.ctx + ", " + intExpr(v, 1) + ");"));
          }
          if (m.ctx != null) {
            for (Arr a : m.arrays) {
              if (a.elementType().equals("byte")) {
                return List.of(
                    new Line(
                        "acc += "
                            + m.ctx
                            + ".loadBytes("
                            + intExpr(v, 1)
                            + ", "
                            + a.name()
                            + ");"));
              }
            }
          }
        }
        case 22 -> {
          if (nest && rnd.nextInt(4) == 0) {
            return List.of(alwaysFailing(v));
          }
          if (v.depth > 0 || rnd.nextBoolean()) {
            return List.of(
                Block.of(
                    "if (" + condition(v, 2) + ") {", List.of(new Line(returnStatement(v))), "}"));
          }
        }
        default -> {
          if (v.inLoop) {
            String jump = v.inFor && rnd.nextBoolean() ? "continue;" : "break;";
            return List.of(
                Block.of("if (" + condition(v, 2) + ") {", List.of(new Line(jump)), "}"));
          }
          if (!v.structs.isEmpty() && rnd.nextBoolean()) {
            return List.of(new Line("acc += events.output(" + pick(v.structs) + ") ? 1 : 0;"));
          }
        }
      }
      if (attempt > 20) {
        return List.of(assignment(v));
      }
    }
  }

  /**
   * Code that always fails where Java would throw (a division by constant zero, a constant index
   * outside an array), followed by more code: all dead, but javac's control flow still reaches what
   * follows through it. It holds no hole, as an injection there is rightly not reported.
   */
  private Block alwaysFailing(Vars v) {
    List<String> failures =
        new ArrayList<>(List.of("acc = acc / 0;", "acc %= 0;", "lacc = lacc / 0L;"));
    for (Arr a : m.arrays) {
      String read = a.name() + "[" + pick(-1, a.length(), a.length() + 100) + "]";
      failures.add("acc += " + (a.elementType().equals("long") ? "(int) " + read : read) + ";");
    }
    List<Stmt> body = new ArrayList<>();
    body.add(new Line(pick(failures)));
    withoutHoles(block(v.copy(), 1 + rnd.nextInt(3)), body);
    return Block.of("if (" + condition(v, 1) + ") {", body, "}");
  }

  private static void withoutHoles(List<Stmt> in, List<Stmt> out) {
    for (Stmt s : in) {
      if (s instanceof Block b) {
        List<List<Stmt>> bodies = new ArrayList<>();
        for (List<Stmt> inner : b.bodies()) {
          List<Stmt> kept = new ArrayList<>();
          withoutHoles(inner, kept);
          bodies.add(kept);
        }
        out.add(new Block(b.headers(), bodies, b.close()));
      } else if (!(s instanceof Hole)) {
        out.add(s);
      }
    }
  }

  private Line assignment(Vars v) {
    if (rnd.nextInt(3) == 0) {
      String target = pick(v.writableLongs);
      String op = pick(COMPOUND_OPS);
      return new Line(target + " " + op + " " + longOperand(v, op) + ";");
    }
    String target = pick(v.writableInts);
    if (rnd.nextBoolean()) {
      return new Line(target + " = " + intExpr(v, 3) + ";");
    }
    String op = pick(COMPOUND_OPS);
    // A long right-hand side narrows implicitly in a compound assignment.
    String rhs =
        isDivision(op) ? divisor(v, 2) : rnd.nextInt(4) == 0 ? longExpr(v, 2) : intExpr(v, 2);
    return new Line(target + " " + op + " " + rhs + ";");
  }

  private String longOperand(Vars v, String op) {
    if (isDivision(op)) {
      return longDivisor(v, 2);
    }
    return op.contains("<") || op.contains(">") ? intExpr(v, 1) : longExpr(v, 2);
  }

  private static boolean isDivision(String op) {
    return op.startsWith("/") || op.startsWith("%");
  }

  private String returnStatement(Vars v) {
    return switch (m.returnType) {
      case "void" -> "return;";
      case "long" -> "return " + longExpr(v, 2) + ";";
      default -> "return " + intExpr(v, 2) + ";";
    };
  }

  private Block ifStatement(Vars v) {
    String cond = "if (" + condition(v, 3) + ") {";
    List<Stmt> then = block(v.copy(), 1 + rnd.nextInt(4));
    if (rnd.nextBoolean()) {
      return Block.of(cond, then, "}");
    }
    List<Stmt> otherwise = block(v.copy(), 1 + rnd.nextInt(4));
    return new Block(List.of(cond, "} else {"), List.of(then, otherwise), "}");
  }

  private List<Stmt> loop(Vars v) {
    Vars inner = v.copy();
    inner.loops++;
    inner.inLoop = true;
    String bound = rnd.nextInt(3) == 0 ? "LIMIT" : String.valueOf(1 + rnd.nextInt(8));
    switch (rnd.nextInt(4)) {
      case 0, 1 -> {
        String i = fresh("i");
        inner.ints.add(i);
        inner.inFor = true;
        String header =
            rnd.nextInt(3) == 0
                ? "for (int " + i + " = " + bound + "; " + i + " > 0; " + i + " -= 2) {"
                : "for (int " + i + " = 0; " + i + " < " + bound + "; " + i + "++) {";
        return List.of(Block.of(header, block(inner, 1 + rnd.nextInt(4)), "}"));
      }
      case 2 -> {
        String w = fresh("n");
        inner.ints.add(w);
        inner.inFor = false;
        List<Stmt> body = block(inner, 1 + rnd.nextInt(3));
        body.add(new Line(w + "++;"));
        return List.of(
            new Line("int " + w + " = 0;"),
            Block.of("while (" + w + " < " + bound + " && " + condition(v, 1) + ") {", body, "}"));
      }
      default -> {
        String d = fresh("d");
        inner.ints.add(d);
        inner.inFor = false;
        List<Stmt> body = block(inner, 1 + rnd.nextInt(3));
        body.add(new Line(d + "++;"));
        return List.of(
            new Line("int " + d + " = 0;"),
            Block.of("do {", body, "} while (" + d + " < " + bound + ");"));
      }
    }
  }

  private Block switchStatement(Vars v) {
    String selector = rnd.nextBoolean() ? "(" + intExpr(v, 2) + ") & " + pick("3", "7") : intKey(v);
    int cases = 1 + rnd.nextInt(3);
    List<Integer> labels = new ArrayList<>();
    while (labels.size() < cases) {
      int label = rnd.nextInt(4) == 0 ? rnd.nextInt(100000) - 50000 : rnd.nextInt(8);
      if (!labels.contains(label)) {
        labels.add(label);
      }
    }
    List<String> headers = new ArrayList<>(List.of("switch (" + selector + ") {"));
    List<List<Stmt>> bodies = new ArrayList<>();
    bodies.add(List.of());
    boolean arrows = rnd.nextBoolean();
    for (int i = 0; i <= cases; i++) {
      boolean dflt = i == cases;
      if (dflt && rnd.nextBoolean()) {
        break;
      }
      String label = dflt ? "default" : "case " + labels.get(i);
      Vars inner = v.copy();
      List<Stmt> body = block(inner, 1 + rnd.nextInt(2));
      if (arrows) {
        headers.add((i == 0 ? "" : "} ") + label + " -> {");
      } else {
        headers.add(label + ":");
        if (rnd.nextInt(3) != 0) {
          body.add(new Line("break;"));
        }
      }
      bodies.add(body);
    }
    return new Block(headers, bodies, arrows && bodies.size() > 1 ? "} }" : "}");
  }

  // ---- maps and structs

  private List<Stmt> structLookup(Vars v) {
    String r = fresh("r");
    String map = pick("recs", "recs2");
    Line lookup = new Line("Rec " + r + " = " + map + ".lookup(" + intKey(v) + ");");
    Vars inner = v.copy();
    inner.structs.add(r);
    String cond = rnd.nextInt(4) == 0 ? r + " != null && " + condition(v, 1) : r + " != null";
    List<Stmt> then = block(inner, 1 + rnd.nextInt(4));
    if (rnd.nextBoolean() || m.newSites >= NEW_SITES) {
      return List.of(lookup, Block.of("if (" + cond + ") {", then, "}"));
    }
    Vars other = v.copy();
    List<Stmt> otherwise = new ArrayList<>(newStruct(other));
    otherwise.add(
        new Line(
            map
                + ".update("
                + intKey(v)
                + ", "
                + other.structs.get(other.structs.size() - 1)
                + ", BpfMap.NOEXIST);"));
    return List.of(
        lookup,
        new Block(List.of("if (" + cond + ") {", "} else {"), List.of(then, otherwise), "}"));
  }

  /** {@code Rec n = new Rec();} with some fields set, and maybe stored in a map. */
  private List<Stmt> newStruct(Vars v) {
    m.newSites++;
    String n = fresh("o");
    List<Stmt> out = new ArrayList<>();
    out.add(new Line("Rec " + n + " = new Rec();"));
    v.structs.add(n);
    int fields = rnd.nextInt(3);
    for (int i = 0; i < fields; i++) {
      out.add(structUpdate(v, n));
    }
    if (rnd.nextBoolean()) {
      out.add(
          new Line(
              pick("recs", "recs2")
                  + ".update("
                  + intKey(v)
                  + ", "
                  + n
                  + ", "
                  + pick("BpfMap.ANY", "BpfMap.NOEXIST", "BpfMap.EXIST")
                  + ");"));
    }
    return out;
  }

  private Line structUpdate(Vars v) {
    return structUpdate(v, pick(v.structs));
  }

  private Line structUpdate(Vars v, String r) {
    return new Line(
        switch (rnd.nextInt(12)) {
          case 0 -> r + ".hits += " + intExpr(v, 1) + ";";
          case 1 -> r + ".hits" + pick("++", "--") + ";";
          case 2 -> pick("++", "--") + r + ".hits;";
          case 3 -> r + ".flags " + pick("|=", "&=", "^=", "+=", "-=") + " " + intExpr(v, 1) + ";";
          case 4 -> r + ".hits -= " + longExpr(v, 1) + ";";
          case 5 -> r + ".a = " + intExpr(v, 2) + ";";
          case 6 -> r + ".b " + pick("=", "+=", "*=", "^=") + " " + longExpr(v, 2) + ";";
          case 7 -> r + ".s = (short) " + intAtom(v) + ";";
          case 8 -> r + ".c = (byte) " + intAtom(v) + ";";
          case 9 -> r + ".ch = (char) " + intAtom(v) + ";";
          case 10 -> r + ".seen = " + condition(v, 1) + ";";
          default -> r + ".a " + pick("+=", "-=", "<<=") + " " + intExpr(v, 1) + ";";
        });
  }

  private List<Stmt> countsStatement(Vars v) {
    switch (rnd.nextInt(3)) {
      case 0 -> {
        String c = fresh("c");
        String x = fresh("x");
        List<Stmt> out =
            List.of(
                new Line("Long " + c + " = counts.lookup(" + intKey(v) + ");"),
                new Line("long " + x + " = " + c + " == null ? 0L : " + c + ";"));
        v.longs.add(x);
        v.writableLongs.add(x);
        return out;
      }
      case 1 -> {
        return List.of(
            new Line(
                "counts.update("
                    + intKey(v)
                    + ", "
                    + longKey(v)
                    + ", "
                    + pick("BpfMap.ANY", "BpfMap.EXIST")
                    + ");"));
      }
      default -> {
        return List.of(
            new Line(pick("", "acc += ") + pick("counts", "recs") + ".delete(" + intKey(v) + ");"));
      }
    }
  }

  private List<Stmt> keyedLookup(Vars v) {
    m.newSites++;
    String k = fresh("k");
    String y = fresh("y");
    List<Stmt> out = new ArrayList<>();
    out.add(new Line("Key " + k + " = new Key();"));
    out.add(new Line(k + ".ifindex = " + intExpr(v, 1) + ";"));
    if (rnd.nextBoolean()) {
      out.add(new Line(k + ".proto = (short) " + intAtom(v) + ";"));
    }
    if (rnd.nextBoolean()) {
      out.add(new Line("byKey.update(" + k + ", " + longKey(v) + ", BpfMap.ANY);"));
    }
    out.add(new Line("Long " + y + " = byKey.lookup(" + k + ");"));
    Vars inner = v.copy();
    List<Stmt> then = new ArrayList<>();
    then.add(new Line("lacc += " + y + ";"));
    then.addAll(block(inner, rnd.nextInt(3)));
    out.add(Block.of("if (" + y + " != null) {", then, "}"));
    return out;
  }

  private List<Stmt> longKeyed(Vars v) {
    String q = fresh("q");
    List<Stmt> out = new ArrayList<>();
    if (rnd.nextBoolean()) {
      out.add(new Line("byLong.update(" + longKey(v) + ", " + intKey(v) + ", BpfMap.ANY);"));
    }
    out.add(new Line("Integer " + q + " = byLong.lookup(" + longKey(v) + ");"));
    Vars inner = v.copy();
    List<Stmt> then = new ArrayList<>();
    then.add(new Line("acc += " + q + ";"));
    then.addAll(block(inner, rnd.nextInt(3)));
    out.add(Block.of("if (" + q + " != null && " + q + " > " + rnd.nextInt(10) + ") {", then, "}"));
    return out;
  }

  private Line arrayStore(Vars v) {
    Arr a = pick(m.arrays);
    String index = rnd.nextBoolean() ? String.valueOf(rnd.nextInt(a.length())) : index(v, 1);
    String value =
        switch (a.elementType()) {
          case "long" -> longExpr(v, 2);
          case "int" -> intExpr(v, 2);
          default -> "(" + a.elementType() + ") " + intAtom(v);
        };
    String op = a.elementType().equals("int") && rnd.nextBoolean() ? " += " : " = ";
    return new Line(a.name() + "[" + index + "]" + op + value + ";");
  }

  /**
   * An array in a block of its own: javac gives its slot to later locals of other blocks (arrays,
   * structs, ints), which the processor must tell apart.
   */
  private Block scopedArray(Vars v) {
    m.newSites++;
    String a = fresh("s");
    String type = pick("int", "long", "byte");
    int length = 1 + rnd.nextInt(4);
    String value = type.equals("int") ? intExpr(v, 1) : "(" + type + ") " + intAtom(v);
    String read =
        type.equals("long") ? "(int) " + a + "[" + index(v, 1) + "]" : a + "[" + index(v, 1) + "]";
    return Block.of(
        "{",
        List.of(
            new Line(type + "[] " + a + " = new " + type + "[" + length + "];"),
            new Line(a + "[" + rnd.nextInt(length) + "] = " + value + ";"),
            new Line("acc += " + read + ";")),
        "}");
  }

  private Line printk(Vars v) {
    int args = rnd.nextInt(4);
    StringBuilder fmt = new StringBuilder("fz");
    List<String> values = new ArrayList<>();
    for (int i = 0; i < args; i++) {
      fmt.append(" %d");
      values.add(rnd.nextBoolean() ? intExpr(v, 1) : longExpr(v, 1));
    }
    String call =
        "Bpf.printk(\"" + fmt + "\\n\"" + (args == 0 ? "" : ", ") + String.join(", ", values) + ")";
    return new Line(rnd.nextBoolean() ? call + ";" : "acc += " + call + ";");
  }

  private String helperCallStatement(Vars v, Helper h) {
    String call = call(v, h);
    return switch (h.returnType()) {
      case "void" -> call + ";";
      case "long" -> "lacc " + pick("+=", "^=", "=") + " " + call + ";";
      default -> "acc " + pick("+=", "^=", "=") + " " + call + ";";
    };
  }

  private String call(Vars v, Helper h) {
    List<String> args = new ArrayList<>();
    for (String t : h.paramTypes()) {
      args.add(t.equals("int") ? intExpr(v, 1) : longExpr(v, 1));
    }
    return h.name() + "(" + String.join(", ", args) + ")";
  }

  // ---- expressions

  /** An int expression of type int exactly (not byte or char), as a map key boxes it. */
  private String intKey(Vars v) {
    return "(int) (" + intExpr(v, 1) + ")";
  }

  /** A long expression of type long exactly. */
  private String longKey(Vars v) {
    return "(long) (" + longExpr(v, 1) + ")";
  }

  private String intExpr(Vars v, int depth) {
    if (depth <= 0 || rnd.nextInt(3) == 0) {
      return intAtom(v);
    }
    switch (rnd.nextInt(10)) {
      case 0, 1, 2, 3 -> {
        String op = pick(INT_OPS);
        String rhs = op.equals("/") || op.equals("%") ? divisor(v, depth) : intExpr(v, depth - 1);
        return "(" + intExpr(v, depth - 1) + " " + op + " " + rhs + ")";
      }
      case 4 -> {
        return "(" + pick("-", "~") + intExpr(v, depth - 1) + ")";
      }
      case 5 -> {
        return "((" + pick("byte", "short", "char") + ") " + intExpr(v, depth - 1) + ")";
      }
      case 6 -> {
        return "((int) " + longExpr(v, depth - 1) + ")";
      }
      case 7 -> {
        return "("
            + condition(v, depth - 1)
            + " ? "
            + intExpr(v, depth - 1)
            + " : "
            + intExpr(v, depth - 1)
            + ")";
      }
      case 8 -> {
        for (Helper h : m.callable) {
          if (h.returnType().equals("int") && rnd.nextBoolean()) {
            return call(v, h);
          }
        }
        return intAtom(v);
      }
      default -> {
        if (!m.arrays.isEmpty()) {
          Arr a = pick(m.arrays);
          if (rnd.nextInt(4) == 0) {
            return a.name() + ".length";
          }
          String element = a.name() + "[" + index(v, depth - 1) + "]";
          return a.elementType().equals("long") ? "((int) " + element + ")" : element;
        }
        return intAtom(v);
      }
    }
  }

  /**
   * A divisor that is not a constant zero: a division by constant zero always fails, so javac's
   * code after it is dead, and an injection there would rightly not be reported ({@link
   * #alwaysFailing} makes such code where no injection goes). A variable one may still be zero.
   */
  private String divisor(Vars v, int depth) {
    return rnd.nextInt(3) == 0
        ? String.valueOf(1 + rnd.nextInt(20))
        : "(" + variableInt(v) + " " + pick("+", "-", "^", "|") + " " + intExpr(v, depth - 1) + ")";
  }

  private String longDivisor(Vars v, int depth) {
    return rnd.nextInt(3) == 0
        ? (1 + rnd.nextInt(1000)) + "L"
        : "(" + variableLong(v) + " " + pick("+", "-", "^") + " " + longExpr(v, depth - 1) + ")";
  }

  /** An array index: a variable one (checked at run time) or a constant inside the array. */
  private String index(Vars v, int depth) {
    return rnd.nextInt(4) == 0
        ? variableInt(v)
        : "(" + variableInt(v) + " " + pick("+", "&", "^", "-") + " " + intExpr(v, depth) + ")";
  }

  private String intAtom(Vars v) {
    switch (rnd.nextInt(10)) {
      case 0, 1 -> {
        return intLiteral();
      }
      case 2 -> {
        return "LIMIT";
      }
      case 3, 4 -> {
        if (m.ctx != null) {
          return contextRead(v);
        }
        return intVar(v);
      }
      case 5 -> {
        return pick(
            "Bpf.getPrandomU32()",
            "Bpf.getSmpProcessorId()",
            "Bpf.htons(" + intVar(v) + ")",
            "Bpf.ntohl(" + intVar(v) + ")",
            "Bpf.htonl(" + intLiteral() + ")");
      }
      case 6 -> {
        if (!v.structs.isEmpty()) {
          return pick(v.structs) + "." + pick("a", "s", "c", "ch", "flags");
        }
        return intVar(v);
      }
      default -> {
        return intVar(v);
      }
    }
  }

  private String contextRead(Vars v) {
    String ctx = m.ctx;
    switch (rnd.nextInt(5)) {
      case 0 -> {
        String offset = rnd.nextBoolean() ? String.valueOf(rnd.nextInt(64)) : intVar(v);
        return ctx + "." + pick("loadByte", "loadHalf", "loadWord") + "(" + offset + ")";
      }
      case 1 -> {
        if (!m.xdp) {
          return rnd.nextBoolean()
              ? "skb.cb(" + rnd.nextInt(5) + ")"
              : pick("Bpf.getSocketUid(skb)", "((int) Bpf.getSocketCookie(skb))");
        }
        return ctx + "." + pick(XDP_FIELDS) + "()";
      }
      default -> {
        return ctx + "." + pick(m.xdp ? XDP_FIELDS : SKB_FIELDS) + "()";
      }
    }
  }

  private String intLiteral() {
    return switch (rnd.nextInt(6)) {
      case 0 -> String.valueOf(rnd.nextInt(10));
      case 1 -> "(" + -(1 + rnd.nextInt(100)) + ")";
      case 2 -> pick("0x7fffffff", "Integer.MIN_VALUE", "0xffff", "255", "65535", "0x80000000");
      default -> String.valueOf(rnd.nextInt(2000));
    };
  }

  private String longExpr(Vars v, int depth) {
    if (depth <= 0 || rnd.nextInt(3) == 0) {
      return longAtom(v);
    }
    switch (rnd.nextInt(8)) {
      case 0, 1, 2 -> {
        String op = pick(INT_OPS);
        String rhs;
        if (op.contains("<") || op.contains(">")) {
          rhs = intExpr(v, depth - 1);
        } else if (op.equals("/") || op.equals("%")) {
          rhs = longDivisor(v, depth);
        } else {
          rhs = longExpr(v, depth - 1);
        }
        return "(" + longExpr(v, depth - 1) + " " + op + " " + rhs + ")";
      }
      case 3 -> {
        return "((long) " + intExpr(v, depth - 1) + ")";
      }
      case 4 -> {
        return "(" + pick("-", "~") + longExpr(v, depth - 1) + ")";
      }
      case 5 -> {
        return "("
            + condition(v, depth - 1)
            + " ? "
            + longExpr(v, depth - 1)
            + " : "
            + longExpr(v, depth - 1)
            + ")";
      }
      case 6 -> {
        for (Helper h : m.callable) {
          if (h.returnType().equals("long") && rnd.nextBoolean()) {
            return call(v, h);
          }
        }
        return longAtom(v);
      }
      default -> {
        for (Arr a : m.arrays) {
          if (a.elementType().equals("long")) {
            return a.name() + "[" + index(v, depth - 1) + "]";
          }
        }
        return longAtom(v);
      }
    }
  }

  private String longAtom(Vars v) {
    switch (rnd.nextInt(8)) {
      case 0 -> {
        return pick("0L", "1L", "BIG", "0x123456789L", "(-3L)", "(1L << 40)", "Long.MIN_VALUE");
      }
      case 1 -> {
        return pick("Bpf.ktimeGetNs()", "Bpf.getCurrentPidTgid()");
      }
      case 2 -> {
        if (!v.structs.isEmpty()) {
          return pick(v.structs) + "." + pick("hits", "b");
        }
        return intAtom(v);
      }
      case 3 -> {
        return intAtom(v);
      }
      default -> {
        return v.longs.isEmpty() ? "BIG" : pick(v.longs);
      }
    }
  }

  /**
   * A condition that is never a compile-time constant, not even in part: javac drops the code that
   * a constant condition guards (and any injection in it), also for {@code x && 1 > 2}.
   */
  private String condition(Vars v, int depth) {
    int choice = depth <= 0 ? rnd.nextInt(3) : rnd.nextInt(7);
    switch (choice) {
      case 0, 1 -> {
        return "(" + variableInt(v) + " " + pick(COMPARISONS) + " " + intExpr(v, depth) + ")";
      }
      case 2 -> {
        if (!v.structs.isEmpty() && rnd.nextBoolean()) {
          return pick(v.structs) + ".seen";
        }
        return "(" + variableLong(v) + " " + pick(COMPARISONS) + " " + longExpr(v, depth) + ")";
      }
      case 3 -> {
        return "(" + condition(v, depth - 1) + " && " + condition(v, depth - 1) + ")";
      }
      case 4 -> {
        return "(" + condition(v, depth - 1) + " || " + condition(v, depth - 1) + ")";
      }
      case 5 -> {
        return "!" + condition(v, depth - 1);
      }
      default -> {
        return "((" + variableInt(v) + " & " + (1 << rnd.nextInt(8)) + ") != 0)";
      }
    }
  }

  /** An int that is not a compile-time constant: a variable, a context field or a helper. */
  private String variableInt(Vars v) {
    if (m.ctx != null && rnd.nextInt(4) == 0) {
      return m.ctx + "." + pick(m.xdp ? XDP_FIELDS : SKB_FIELDS) + "()";
    }
    if (v.ints.isEmpty() || rnd.nextInt(8) == 0) {
      return "Bpf.getPrandomU32()";
    }
    return pick(v.ints);
  }

  private String variableLong(Vars v) {
    if (v.longs.isEmpty() || rnd.nextInt(6) == 0) {
      return pick("Bpf.ktimeGetNs()", "((long) " + variableInt(v) + ")");
    }
    return pick(v.longs);
  }

  /** An int variable in scope, or a literal before the first one is declared. */
  private String intVar(Vars v) {
    return v.ints.isEmpty() ? intLiteral() : pick(v.ints);
  }

  // ---- choices

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[rnd.nextInt(options.length)];
  }

  private <T> T pick(List<T> options) {
    return options.get(rnd.nextInt(options.size()));
  }
}
