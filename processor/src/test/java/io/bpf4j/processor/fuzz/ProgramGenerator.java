package io.bpf4j.processor.fuzz;

import io.bpf4j.processor.fuzz.GeneratedClass.Method;
import io.bpf4j.processor.fuzz.MethodContext.Arr;
import io.bpf4j.processor.fuzz.MethodContext.Helper;
import io.bpf4j.processor.fuzz.Stmt.Block;
import io.bpf4j.processor.fuzz.Stmt.Hole;
import io.bpf4j.processor.fuzz.Stmt.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates random BPF program classes that the processor must compile: socket, tc, cgroup and XDP
 * programs and the static methods they call, over int, long, byte, short, char and boolean
 * locals, @Struct objects from maps and from {@code new}, maps of Integer, Long and @Struct keys
 * and values, packet and context reads, constant-length arrays, helpers, bounded and labeled loops,
 * switches and tail calls — the Java of API.md's "The Java that compiles". Between any two
 * statements it leaves a {@link Stmt.Hole} recording what is in scope, where {@link
 * UnsupportedConstructs} may inject something that must be rejected.
 *
 * <p>Every generated program is valid Java: locals are initialized where declared, names are unique
 * per method, nothing follows a return, break or continue in its block, and nothing before a hole
 * makes it dead (see {@link Expressions}).
 */
public final class ProgramGenerator {
  /** The package of generated classes. */
  public static final String PACKAGE = "fuzz";

  private static final String[] COMPOUND_OPS = {
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", ">>>="
  };

  private final Dice dice;
  private final Expressions x;
  private final String className;
  private final List<Helper> helpers = new ArrayList<>();
  private int holes;
  private MethodContext m;

  private ProgramGenerator(Random rnd, String className) {
    this.dice = new Dice(rnd);
    this.x = new Expressions(dice);
    this.className = className;
  }

  /** A random valid program class named {@code className} in {@link #PACKAGE}. */
  public static GeneratedClass generate(Random rnd, String className) {
    return new ProgramGenerator(rnd, className).generate();
  }

  private GeneratedClass generate() {
    List<Method> helperMethods = new ArrayList<>();
    int helperCount = dice.below(4);
    for (int i = 0; i < helperCount; i++) {
      helperMethods.add(helper(i));
    }
    List<Method> methods = new ArrayList<>();
    int programCount = 1 + dice.below(3);
    for (int i = 0; i < programCount; i++) {
      methods.add(program(i, i == 0));
    }
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
    int kind = dice.below(6);
    String section =
        switch (kind) {
          case 0 -> "socket";
          case 1 -> dice.pick("tc", "tcx/ingress", "classifier");
          case 2 -> dice.pick("cgroup_skb/egress", "cgroup_skb/ingress");
          case 3 -> "xdp";
          case 4 -> dice.pick("tracepoint/sched/sched_switch", "tp/syscalls/sys_enter_openat");
          default -> dice.pick("raw_tracepoint/sched_switch", "raw_tp/sys_enter");
        };
    boolean xdp = kind == 3;
    String ctx = kind < 3 ? "skb" : kind == 5 ? "args" : "ctx";
    String ctxType =
        switch (kind) {
          case 0, 1, 2 -> "SkBuff";
          case 3 -> "XdpMd";
          case 4 -> "TracepointContext";
          default -> "RawTracepointArgs";
        };
    enter(new MethodContext(name, "int", name + "(" + ctx + ")", ctx, ctxType, xdp, helpers));
    Vars v = new Vars();
    List<Stmt> body = new ArrayList<>();
    prologue(body, v);
    statements(body, v, 3 + dice.below(12));
    if (callsEveryHelper) {
      // Every helper is reachable, so that what is injected into it is compiled.
      for (Helper h : helpers) {
        body.add(hole(v));
        body.add(new Line(helperCallStatement(v, h)));
      }
    }
    body.add(hole(v));
    body.add(new Line("return " + dice.pick("acc", "(int) (lacc ^ acc)", "acc & 3") + ";"));
    List<String> header = new ArrayList<>();
    header.add("@Section(\"" + section + "\")");
    if (dice.oneIn(3)) {
      header.add("@TailCallTarget(map = \"jumps\", index = " + index + ")");
    }
    header.add("public static int " + name + "(" + ctxType + " " + ctx + ") {");
    return new Method(header, body);
  }

  private Method helper(int index) {
    String name = "h" + index;
    String returnType = dice.pick("int", "int", "long", "void", "boolean");
    int params = 1 + dice.below(3);
    List<String> types = new ArrayList<>();
    List<String> decls = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < params; i++) {
      String t = dice.pick("int", "int", "long", "long", "byte", "char", "boolean", "Rec");
      if (t.equals("Rec") && types.contains("Rec")) {
        t = "int";
      }
      types.add(t);
      decls.add(t + " p" + i);
      names.add("p" + i);
    }
    String selfCall = name + "(" + String.join(", ", names) + ")";
    enter(new MethodContext(name, returnType, selfCall, null, null, false, List.copyOf(helpers)));
    Vars v = new Vars();
    for (int i = 0; i < params; i++) {
      String p = "p" + i;
      switch (types.get(i)) {
        case "long" -> v.longs.add(p);
        case "boolean" -> v.bools.add(p);
          // A struct parameter may be null; Java would throw at a dereference, BPF code ends.
        case "Rec" -> v.structs.add(p);
        default -> v.ints.add(p);
      }
    }
    List<Stmt> body = new ArrayList<>();
    prologue(body, v);
    statements(body, v, 2 + dice.below(8));
    body.add(hole(v));
    switch (returnType) {
      case "int" -> body.add(new Line("return acc;"));
      case "long" -> body.add(new Line("return lacc + acc;"));
      case "boolean" -> body.add(new Line("return " + x.condition(v, 2) + ";"));
      default -> {}
    }
    helpers.add(new Helper(name, returnType, types));
    return new Method(
        List.of("static " + returnType + " " + name + "(" + String.join(", ", decls) + ") {"),
        body);
  }

  private void enter(MethodContext method) {
    m = method;
    x.enter(method);
  }

  /** {@code acc} and {@code lacc}, which every method has, and the method's arrays. */
  private void prologue(List<Stmt> body, Vars v) {
    body.add(new Line("int acc = " + x.intExpr(v, 1) + ";"));
    v.ints.add("acc");
    v.writableInts.add("acc");
    body.add(new Line("long lacc = " + x.longExpr(v, 1) + ";"));
    v.longs.add("lacc");
    v.writableLongs.add("lacc");
    int arrays = dice.below(3);
    for (int i = 0; i < arrays; i++) {
      String type = dice.pick("int", "long", "byte", "short", "char");
      int length = 1 + dice.below(8);
      String name = "arr" + i;
      if (dice.oneIn(4) && !type.equals("char")) {
        List<String> init = new ArrayList<>();
        for (int k = 0; k < length; k++) {
          init.add(String.valueOf(dice.below(100)));
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
    for (int attempt = 0; attempt < 20; attempt++) {
      List<Stmt> s = tryStatement(v, nest, dice.below(26));
      if (s != null) {
        return s;
      }
    }
    return List.of(assignment(v));
  }

  /** A statement of kind {@code kind}, or null when that kind does not fit here. */
  private List<Stmt> tryStatement(Vars v, boolean nest, int kind) {
    switch (kind) {
      case 0, 1 -> {
        return List.of(declaration(v));
      }
      case 2 -> {
        return List.of(smallLocal(v));
      }
      case 3, 4 -> {
        return List.of(assignment(v));
      }
      case 5 -> {
        return List.of(chainedAssignment(v));
      }
      case 6, 7 -> {
        return nest ? List.of(ifStatement(v)) : null;
      }
      case 8 -> {
        return nest && v.loops < 2 ? loop(v) : null;
      }
      case 9 -> {
        return nest ? List.of(switchStatement(v)) : null;
      }
      case 10 -> {
        return nest ? structLookup(v) : null;
      }
      case 11 -> {
        return m.canAllocate() ? newStruct(v, false) : null;
      }
      case 12 -> {
        return countsStatement(v);
      }
      case 13 -> {
        return nest && m.canAllocate() ? keyedLookup(v) : null;
      }
      case 14 -> {
        return nest ? longKeyed(v) : null;
      }
      case 15, 16 -> {
        return v.structs.isEmpty() ? null : List.of(structUpdate(v, dice.pick(v.structs)));
      }
      case 17 -> {
        return structAlias(v);
      }
      case 18 -> {
        if (!m.arrays.isEmpty() && dice.coin()) {
          return List.of(arrayStore(v));
        }
        return m.canAllocate() ? List.of(scopedArray(v)) : null;
      }
      case 19 -> {
        return List.of(printk(v));
      }
      case 20 -> {
        return m.callable.isEmpty()
            ? null
            : List.of(new Line(helperCallStatement(v, dice.pick(m.callable))));
      }
      case 21 -> {
        return contextStatement(v);
      }
      case 22 -> {
        if (nest && dice.oneIn(4)) {
          return List.of(alwaysFailing(v));
        }
        return List.of(
            Block.of(
                "if (" + x.condition(v, 2) + ") {", List.of(new Line(returnStatement(v))), "}"));
      }
      case 23 -> {
        return jump(v);
      }
      default -> {
        if (v.structs.isEmpty()) {
          return null;
        }
        return List.of(new Line("acc += events.output(" + dice.pick(v.structs) + ") ? 1 : 0;"));
      }
    }
  }

  private Line declaration(Vars v) {
    switch (dice.below(4)) {
      case 3 -> {
        // A switch expression: its value reaches the join on javac's operand stack.
        String name = m.fresh("v");
        StringBuilder sw = new StringBuilder("switch (" + x.intKey(v) + ") {");
        int cases = 1 + dice.below(3);
        for (int i = 0; i < cases; i++) {
          sw.append(" case ").append(i * 3 + dice.below(3)).append(" -> ");
          sw.append(
              dice.coin() ? x.intExpr(v, 1) + ";" : "{ acc++; yield " + x.intExpr(v, 1) + "; }");
        }
        sw.append(" default -> ").append(x.intExpr(v, 1)).append("; }");
        Line decl = new Line("int " + name + " = " + sw + ";");
        v.ints.add(name);
        v.writableInts.add(name);
        return decl;
      }
      case 0 -> {
        String name = m.fresh("w");
        Line decl = new Line("long " + name + " = " + x.longExpr(v, 2) + ";");
        v.longs.add(name);
        v.writableLongs.add(name);
        return decl;
      }
      case 1 -> {
        String name = m.fresh("b");
        Line decl = new Line("boolean " + name + " = " + x.condition(v, 2) + ";");
        v.bools.add(name);
        return decl;
      }
      default -> {
        String name = m.fresh("v");
        Line decl = new Line("int " + name + " = " + x.intExpr(v, 2) + ";");
        v.ints.add(name);
        v.writableInts.add(name);
        return decl;
      }
    }
  }

  /** A byte, short or char local, or an update of one (narrowed by javac). */
  private Line smallLocal(Vars v) {
    if (!v.smalls.isEmpty() && dice.coin()) {
      String[] s = dice.pick(v.smalls);
      return new Line(
          switch (dice.below(4)) {
            case 0 -> s[0] + dice.pick("++", "--") + ";";
            case 1 -> s[0] + " = (" + s[1] + ") " + x.intAtom(v) + ";";
            default ->
                s[0]
                    + " "
                    + dice.pick("+=", "-=", "*=", "&=", "|=", "^=", ">>=", ">>>=", "<<=")
                    + " "
                    + x.intExpr(v, 1)
                    + ";";
          });
    }
    if (!v.bools.isEmpty() && dice.coin()) {
      String b = dice.pick(v.bools);
      return new Line(b + " " + dice.pick("=", "&=", "|=", "^=") + " " + x.condition(v, 1) + ";");
    }
    String type = dice.pick("byte", "short", "char");
    String name = m.fresh("s");
    Line decl = new Line(type + " " + name + " = (" + type + ") " + x.intExpr(v, 2) + ";");
    v.smalls.add(new String[] {name, type});
    v.ints.add(name);
    return decl;
  }

  private Line assignment(Vars v) {
    if (dice.oneIn(3)) {
      String target = dice.pick(v.writableLongs);
      String op = dice.pick(COMPOUND_OPS);
      return new Line(target + " " + op + " " + longOperand(v, op) + ";");
    }
    String target = dice.pick(v.writableInts);
    if (dice.coin()) {
      return new Line(target + " = " + x.intExpr(v, 3) + ";");
    }
    if (dice.oneIn(4)) {
      return new Line(target + dice.pick("++;", "--;"));
    }
    String op = dice.pick(COMPOUND_OPS);
    // A long right-hand side narrows implicitly in a compound assignment.
    String rhs =
        isDivision(op) ? x.divisor(v, 2) : dice.oneIn(4) ? x.longExpr(v, 2) : x.intExpr(v, 2);
    return new Line(target + " " + op + " " + rhs + ";");
  }

  private String longOperand(Vars v, String op) {
    if (isDivision(op)) {
      return x.longDivisor(v, 2);
    }
    return op.contains("<") || op.contains(">") ? x.intExpr(v, 1) : x.longExpr(v, 2);
  }

  private static boolean isDivision(String op) {
    return op.startsWith("/") || op.startsWith("%");
  }

  /** {@code a = b = e}, also through an array element or a struct field (javac's dup_x forms). */
  private Line chainedAssignment(Vars v) {
    String a = dice.pick(v.writableInts);
    String la = dice.pick(v.writableLongs);
    List<String> options = new ArrayList<>();
    String b = dice.pick(v.writableInts);
    if (!a.equals(b)) {
      options.add(a + " = " + b + " = " + x.intExpr(v, 2) + ";");
    }
    for (Arr arr : m.arrays) {
      String element = arr.name() + "[" + x.index(v, 1) + "]";
      options.add(
          switch (arr.elementType()) {
            case "long" -> la + " = " + element + " = " + x.longExpr(v, 1) + ";";
            case "int" -> a + " = " + element + " = " + x.intExpr(v, 1) + ";";
            default -> a + " = " + element + " = (" + arr.elementType() + ") " + x.intAtom(v) + ";";
          });
    }
    if (!v.structs.isEmpty()) {
      String r = dice.pick(v.structs);
      options.add(a + " = " + r + ".a = " + x.intExpr(v, 1) + ";");
      options.add(la + " = " + r + ".b = " + x.longExpr(v, 1) + ";");
      options.add(a + " = " + r + ".s = (short) " + x.intAtom(v) + ";");
    }
    if (options.isEmpty()) {
      return assignment(v);
    }
    return new Line(dice.pick(options));
  }

  private String returnStatement(Vars v) {
    return switch (m.returnType) {
      case "void" -> "return;";
      case "long" -> "return " + x.longExpr(v, 2) + ";";
      case "boolean" -> "return " + x.condition(v, 1) + ";";
      default -> "return " + x.intExpr(v, 2) + ";";
    };
  }

  private Block ifStatement(Vars v) {
    String cond = "if (" + x.condition(v, 3) + ") {";
    List<Stmt> then = block(v.nested(), 1 + dice.below(4));
    if (dice.coin()) {
      return Block.of(cond, then, "}");
    }
    List<Stmt> otherwise = block(v.nested(), 1 + dice.below(4));
    return new Block(List.of(cond, "} else {"), List.of(then, otherwise), "}");
  }

  private List<Stmt> loop(Vars v) {
    Vars inner = v.nested();
    inner.loops++;
    inner.inLoop = true;
    String label = dice.oneIn(3) ? m.fresh("L") : null;
    String prefix = label == null ? "" : label + ": ";
    if (label != null) {
      inner.breakLabels.add(label);
    }
    String bound = dice.oneIn(3) ? "LIMIT" : String.valueOf(1 + dice.below(8));
    switch (dice.below(4)) {
      case 0, 1 -> {
        String i = m.fresh("i");
        inner.ints.add(i);
        inner.inFor = true;
        if (label != null) {
          inner.continueLabels.add(label);
        }
        String header =
            dice.oneIn(3)
                ? prefix + "for (int " + i + " = " + bound + "; " + i + " > 0; " + i + " -= 2) {"
                : prefix + "for (int " + i + " = 0; " + i + " < " + bound + "; " + i + "++) {";
        return List.of(Block.of(header, block(inner, 1 + dice.below(4)), "}"));
      }
      case 2 -> {
        String n = m.fresh("n");
        inner.ints.add(n);
        inner.inFor = false;
        List<Stmt> body = block(inner, 1 + dice.below(3));
        body.add(new Line(n + "++;"));
        return List.of(
            new Line("int " + n + " = 0;"),
            Block.of(
                prefix + "while (" + n + " < " + bound + " && " + x.condition(v, 1) + ") {",
                body,
                "}"));
      }
      default -> {
        String d = m.fresh("d");
        inner.ints.add(d);
        inner.inFor = false;
        List<Stmt> body = block(inner, 1 + dice.below(3));
        body.add(new Line(d + "++;"));
        return List.of(
            new Line("int " + d + " = 0;"),
            Block.of(prefix + "do {", body, "} while (" + d + " < " + bound + ");"));
      }
    }
  }

  /** break or continue, perhaps to an enclosing loop's label, under a condition. */
  private List<Stmt> jump(Vars v) {
    if (!v.inLoop) {
      return null;
    }
    String jump;
    if (!v.continueLabels.isEmpty() && dice.oneIn(3)) {
      jump = "continue " + dice.pick(v.continueLabels) + ";";
    } else if (!v.breakLabels.isEmpty() && dice.oneIn(3)) {
      jump = "break " + dice.pick(v.breakLabels) + ";";
    } else {
      jump = v.inFor && dice.coin() ? "continue;" : "break;";
    }
    return List.of(Block.of("if (" + x.condition(v, 2) + ") {", List.of(new Line(jump)), "}"));
  }

  private Block switchStatement(Vars v) {
    String selector =
        dice.coin() ? "(" + x.intExpr(v, 2) + ") & " + dice.pick("3", "7") : x.intKey(v);
    int cases = 1 + dice.below(3);
    List<Integer> labels = new ArrayList<>();
    while (labels.size() < cases) {
      int label = dice.oneIn(4) ? dice.below(100000) - 50000 : dice.below(8);
      if (!labels.contains(label)) {
        labels.add(label);
      }
    }
    List<String> headers = new ArrayList<>(List.of("switch (" + selector + ") {"));
    List<List<Stmt>> bodies = new ArrayList<>();
    bodies.add(List.of());
    boolean arrows = dice.coin();
    for (int i = 0; i <= cases; i++) {
      boolean dflt = i == cases;
      if (dflt && dice.coin()) {
        break;
      }
      String label = dflt ? "default" : "case " + labels.get(i);
      List<Stmt> body = block(v.nested(), 1 + dice.below(2));
      if (arrows) {
        headers.add((i == 0 ? "" : "} ") + label + " -> {");
      } else {
        headers.add(label + ":");
        if (!dice.oneIn(3)) {
          body.add(new Line("break;"));
        }
      }
      bodies.add(body);
    }
    return new Block(headers, bodies, arrows && bodies.size() > 1 ? "} }" : "}");
  }

  /**
   * Code that always fails where Java would throw (a division by constant zero, a constant index
   * outside an array, a null dereference), followed by more code: all dead, but javac's control
   * flow still reaches what follows through it. It holds no hole, as an injection there would
   * rightly not be reported.
   */
  private Block alwaysFailing(Vars v) {
    String nul = m.fresh("f");
    List<String> failures =
        new ArrayList<>(
            List.of(
                "acc = acc / 0;",
                "acc %= 0;",
                "lacc = lacc / 0L;",
                "{ Rec " + nul + " = null; acc += " + nul + ".a; }"));
    for (Arr a : m.arrays) {
      String read = a.name() + "[" + dice.pick(-1, a.length(), a.length() + 100) + "]";
      failures.add("acc += " + (a.elementType().equals("long") ? "(int) " + read : read) + ";");
    }
    List<Stmt> body = new ArrayList<>();
    body.add(new Line(dice.pick(failures)));
    withoutHoles(block(v.nested(), 1 + dice.below(3)), body);
    return Block.of("if (" + x.condition(v, 1) + ") {", body, "}");
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

  // ---- maps and structs

  private List<Stmt> structLookup(Vars v) {
    String r = m.fresh("r");
    String map = dice.pick("recs", "recs2");
    Line lookup = new Line("Rec " + r + " = " + map + ".lookup(" + x.intKey(v) + ");");
    Vars inner = v.nested();
    inner.structs.add(r);
    String cond =
        dice.oneIn(4)
            ? r + " != null && " + x.condition(v, 1)
            : dice.pick(r + " != null", "null != " + r);
    List<Stmt> then = block(inner, 1 + dice.below(4));
    if (dice.coin() || !m.canAllocate()) {
      return List.of(lookup, Block.of("if (" + cond + ") {", then, "}"));
    }
    Vars other = v.nested();
    List<Stmt> otherwise = new ArrayList<>(newStruct(other, true));
    otherwise.add(
        new Line(
            map
                + ".update("
                + x.intKey(v)
                + ", "
                + other.structs.get(other.structs.size() - 1)
                + ", BpfMap.NOEXIST);"));
    return List.of(
        lookup,
        new Block(List.of("if (" + cond + ") {", "} else {"), List.of(then, otherwise), "}"));
  }

  /**
   * {@code Rec n = new Rec();} with some fields set, and maybe stored in a map; or, unless {@code
   * named}, a new object passed as an argument.
   */
  private List<Stmt> newStruct(Vars v, boolean named) {
    m.newSites++;
    String n = m.fresh("o");
    List<Stmt> out = new ArrayList<>();
    if (!named && dice.oneIn(4)) {
      // The object is never named: created as an argument.
      out.add(
          new Line(
              dice.pick(
                  dice.pick("recs", "recs2")
                      + ".update("
                      + x.intKey(v)
                      + ", new Rec(), BpfMap.ANY);",
                  "acc += events.output(new Rec()) ? 1 : 0;")));
      return out;
    }
    out.add(new Line("Rec " + n + " = new Rec();"));
    v.structs.add(n);
    int fields = dice.below(3);
    for (int i = 0; i < fields; i++) {
      out.add(structUpdate(v, n));
    }
    if (dice.coin()) {
      out.add(
          new Line(
              dice.pick("recs", "recs2")
                  + ".update("
                  + x.intKey(v)
                  + ", "
                  + n
                  + ", "
                  + dice.pick("BpfMap.ANY", "BpfMap.NOEXIST", "BpfMap.EXIST")
                  + ");"));
    }
    return out;
  }

  /** A struct chosen at run time: two objects (from maps or the stack) joined by ?:. */
  private List<Stmt> structAlias(Vars v) {
    if (v.structs.isEmpty()) {
      return null;
    }
    String t = m.fresh("t");
    String a = dice.pick(v.structs);
    String b;
    if (m.canAllocate() && dice.oneIn(3)) {
      m.newSites++;
      b = "new Rec()";
    } else {
      b = dice.pick(v.structs);
    }
    Line alias = new Line("Rec " + t + " = " + x.condition(v, 1) + " ? " + a + " : " + b + ";");
    v.structs.add(t);
    return List.of(alias, structUpdate(v, t));
  }

  private Line structUpdate(Vars v, String r) {
    return new Line(
        switch (dice.below(12)) {
          case 0 -> r + ".hits += " + x.intExpr(v, 1) + ";";
          case 1 -> r + ".hits" + dice.pick("++", "--") + ";";
          case 2 -> dice.pick("++", "--") + r + ".hits;";
          case 3 ->
              r + ".flags " + dice.pick("|=", "&=", "^=", "+=", "-=") + " " + x.intExpr(v, 1) + ";";
          case 4 -> r + ".hits -= " + x.longExpr(v, 1) + ";";
          case 5 -> r + ".a = " + x.intExpr(v, 2) + ";";
          case 6 -> r + ".b " + dice.pick("=", "+=", "*=", "^=") + " " + x.longExpr(v, 2) + ";";
          case 7 -> r + ".s = (short) " + x.intAtom(v) + ";";
          case 8 -> r + ".c " + dice.pick("=", "+=") + " (byte) " + x.intAtom(v) + ";";
          case 9 -> r + ".ch " + dice.pick("=", "-=") + " (char) " + x.intAtom(v) + ";";
          case 10 -> r + ".seen " + dice.pick("=", "|=", "^=") + " " + x.condition(v, 1) + ";";
          default ->
              dice.coin()
                  ? r + ".a" + dice.pick("++", "--") + ";"
                  : r + ".a " + dice.pick("+=", "-=", "<<=") + " " + x.intExpr(v, 1) + ";";
        });
  }

  private List<Stmt> countsStatement(Vars v) {
    switch (dice.below(4)) {
      case 0 -> {
        String c = m.fresh("c");
        String l = m.fresh("x");
        List<Stmt> out =
            List.of(
                new Line("Long " + c + " = counts.lookup(" + x.intKey(v) + ");"),
                new Line("long " + l + " = " + c + " == null ? 0L : " + c + ";"));
        v.longs.add(l);
        v.writableLongs.add(l);
        return out;
      }
      case 1 -> {
        String c = m.fresh("c");
        // A Long from a lookup points into the map: passing it copies the value.
        return List.of(
            new Line("Long " + c + " = counts.lookup(" + x.intKey(v) + ");"),
            Block.of(
                "if (" + c + " != null) {",
                List.of(new Line("counts.update(" + x.intKey(v) + ", " + c + ", BpfMap.ANY);")),
                "}"));
      }
      case 2 -> {
        return List.of(
            new Line(
                "counts.update("
                    + x.intKey(v)
                    + ", "
                    + x.longKey(v)
                    + ", "
                    + dice.pick("BpfMap.ANY", "BpfMap.EXIST")
                    + ");"));
      }
      default -> {
        return List.of(
            new Line(
                dice.pick("", "acc += ")
                    + dice.pick("counts", "recs")
                    + ".delete("
                    + x.intKey(v)
                    + ");"));
      }
    }
  }

  private List<Stmt> keyedLookup(Vars v) {
    m.newSites++;
    String k = m.fresh("k");
    String y = m.fresh("y");
    List<Stmt> out = new ArrayList<>();
    out.add(new Line("Key " + k + " = new Key();"));
    out.add(new Line(k + ".ifindex = " + x.intExpr(v, 1) + ";"));
    if (dice.coin()) {
      out.add(new Line(k + ".proto = (short) " + x.intAtom(v) + ";"));
    }
    if (dice.coin()) {
      out.add(new Line("byKey.update(" + k + ", " + x.longKey(v) + ", BpfMap.ANY);"));
    }
    out.add(new Line("Long " + y + " = byKey.lookup(" + k + ");"));
    List<Stmt> then = new ArrayList<>();
    then.add(new Line("lacc += " + y + ";"));
    then.addAll(block(v.nested(), dice.below(3)));
    out.add(Block.of("if (" + y + " != null) {", then, "}"));
    return out;
  }

  private List<Stmt> longKeyed(Vars v) {
    String q = m.fresh("q");
    List<Stmt> out = new ArrayList<>();
    if (dice.coin()) {
      out.add(new Line("byLong.update(" + x.longKey(v) + ", " + x.intKey(v) + ", BpfMap.ANY);"));
    }
    out.add(new Line("Integer " + q + " = byLong.lookup(" + x.longKey(v) + ");"));
    List<Stmt> then = new ArrayList<>();
    then.add(new Line("acc += " + q + ";"));
    then.addAll(block(v.nested(), dice.below(3)));
    out.add(Block.of("if (" + q + " != null && " + q + " > " + dice.below(10) + ") {", then, "}"));
    return out;
  }

  // ---- arrays, context, helpers

  private Line arrayStore(Vars v) {
    Arr a = dice.pick(m.arrays);
    String index = dice.coin() ? String.valueOf(dice.below(a.length())) : x.index(v, 1);
    String element = a.name() + "[" + index + "]";
    if (dice.oneIn(4)) {
      return new Line(
          dice.coin()
              ? element + dice.pick("++", "--") + ";"
              : dice.pick("++", "--") + element + ";");
    }
    String value =
        switch (a.elementType()) {
          case "long" -> x.longExpr(v, 2);
          case "int" -> x.intExpr(v, 2);
          default -> "(" + a.elementType() + ") " + x.intAtom(v);
        };
    String op = dice.coin() ? " = " : dice.pick(" += ", " -= ", " ^= ", " |= ");
    return new Line(element + op + value + ";");
  }

  /**
   * An array in a block of its own: javac gives its slot to later locals of other blocks (arrays,
   * structs, ints), which the processor must tell apart.
   */
  private Block scopedArray(Vars v) {
    m.newSites++;
    String a = m.fresh("z");
    String type = dice.pick("int", "long", "byte");
    int length = 1 + dice.below(4);
    String value = type.equals("int") ? x.intExpr(v, 1) : "(" + type + ") " + x.intAtom(v);
    String read =
        type.equals("long")
            ? "(int) " + a + "[" + x.index(v, 1) + "]"
            : a + "[" + x.index(v, 1) + "]";
    return Block.of(
        "{",
        List.of(
            new Line(type + "[] " + a + " = new " + type + "[" + length + "];"),
            new Line(a + "[" + dice.below(length) + "] = " + value + ";"),
            new Line("acc += " + read + ";")),
        "}");
  }

  private List<Stmt> contextStatement(Vars v) {
    if (m.ctx == null) {
      return null;
    }
    if (dice.oneIn(3)) {
      return List.of(new Line("jumps.tailCall(" + m.ctx + ", " + x.intExpr(v, 1) + ");"));
    }
    boolean packet = m.ctxType.equals("SkBuff") || m.ctxType.equals("XdpMd");
    for (Arr a : m.arrays) {
      if (packet && a.elementType().equals("byte")) {
        return List.of(
            new Line("acc += " + m.ctx + ".loadBytes(" + x.intExpr(v, 1) + ", " + a.name() + ");"));
      }
    }
    return null;
  }

  private Line printk(Vars v) {
    int args = dice.below(4);
    StringBuilder fmt = new StringBuilder("fz");
    List<String> values = new ArrayList<>();
    for (int i = 0; i < args; i++) {
      fmt.append(" %d");
      values.add(dice.coin() ? x.intExpr(v, 1) : x.longExpr(v, 1));
    }
    String call =
        "Bpf.printk(\"" + fmt + "\\n\"" + (args == 0 ? "" : ", ") + String.join(", ", values) + ")";
    return new Line(dice.coin() ? call + ";" : "acc += " + call + ";");
  }

  private String helperCallStatement(Vars v, Helper h) {
    String call = x.call(v, h);
    return switch (h.returnType()) {
      case "void" -> call + ";";
      case "long" -> "lacc " + dice.pick("+=", "^=", "=") + " " + call + ";";
      case "boolean" -> "acc += " + call + " ? 1 : 0;";
      default -> "acc " + dice.pick("+=", "^=", "=") + " " + call + ";";
    };
  }
}
