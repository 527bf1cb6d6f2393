package io.bpf4j.processor.fuzz;

import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.fuzz.Injection.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * The catalogue of Java that the processor must reject with a javac error (API.md, "The Java that
 * compiles": floating point, allocation of non-@Struct objects, virtual calls that are not
 * intrinsics, exceptions, synchronized, recursion, lambdas, non-constant strings, reflection, and
 * the limits of maps, arrays, @Atomic fields and BPF functions). Each construct is one statement on
 * one line, so the line javac must report is known, plus the class members it needs; a few are
 * members alone (annotation misuse, reported on the member).
 */
public final class UnsupportedConstructs {
  private UnsupportedConstructs() {}

  /** A construct that can be built for a hole's scope: null when it does not apply there. */
  private record Kind(String name, BiFunction<Scope, Names, Injection> build) {}

  /** Fresh names for one injection, and the random choices it makes. */
  private record Names(String local, String type, Random rnd) {
    String local(int i) {
      return local + "_" + i;
    }

    /** An int variable in scope, to read. */
    String var(Scope s) {
      return s.ints().get(rnd.nextInt(s.ints().size()));
    }

    @SafeVarargs
    final <T> T pick(T... options) {
      return options[rnd.nextInt(options.length)];
    }
  }

  private static final List<Kind> KINDS = kinds();

  /** A random construct that applies at {@code scope}, with names made unique by {@code id}. */
  public static Injection pick(Random rnd, Scope scope, int id) {
    Names names = new Names("z" + id, "Z" + id, rnd);
    while (true) {
      Kind k = KINDS.get(rnd.nextInt(KINDS.size()));
      Injection i = k.build().apply(scope, names);
      if (i != null) {
        return i;
      }
    }
  }

  /** How many kinds of construct the catalogue has. */
  public static int size() {
    return KINDS.size();
  }

  private static Injection statement(String kind, String text, String... messages) {
    return new Injection(kind, text, true, List.of(), List.of(messages));
  }

  private static Injection withMembers(
      String kind, String text, List<Member> members, String... messages) {
    return new Injection(kind, text, true, members, List.of(messages));
  }

  /** A call of members that are to blame, not the statement that calls them. */
  private static Injection calling(
      String kind, String text, List<Member> members, String... messages) {
    return new Injection(kind, text, false, members, List.of(messages));
  }

  private static Member helper(String text) {
    return new Member(text, false);
  }

  private static Member blamed(String text) {
    return new Member(text, true);
  }

  /** A member-only construct: the error is on the member. */
  private static Injection member(String kind, String text, String... messages) {
    return new Injection(kind, null, false, List.of(blamed(text)), List.of(messages));
  }

  private static List<Kind> kinds() {
    List<Kind> k = new ArrayList<>();
    floatingPoint(k);
    allocation(k);
    exceptionsAndMonitors(k);
    lambdasAndStrings(k);
    calls(k);
    casts(k);
    arrays(k);
    fields(k);
    boxingAndLoops(k);
    recursionAndArguments(k);
    mapsAndAtomics(k);
    intrinsics(k);
    annotations(k);
    return List.copyOf(k);
  }

  private static void floatingPoint(List<Kind> k) {
    String fp = Messages.floatingPoint();
    k.add(
        new Kind(
            "float local",
            (s, n) ->
                statement("float local", "{ float " + n.local + " = " + n.var(s) + "; }", fp)));
    k.add(
        new Kind(
            "double arithmetic",
            (s, n) -> statement("double arithmetic", "acc = (int) (acc * 1.5);", fp)));
    k.add(
        new Kind(
            "float literal",
            (s, n) -> statement("float literal", "{ float " + n.local + " = 0.25f; }", fp)));
    k.add(
        new Kind(
            "double parameter",
            (s, n) ->
                withMembers(
                    "double parameter",
                    "acc += " + n.local + "(" + n.var(s) + ");",
                    List.of(
                        helper("static int " + n.local + "(double d) { return (int) (d / 2); }")),
                    fp)));
    k.add(
        new Kind(
            "float result",
            (s, n) ->
                withMembers(
                    "float result",
                    "acc += (int) " + n.local + "(" + n.var(s) + ");",
                    List.of(helper("static float " + n.local + "(int x) { return x / 2f; }")),
                    fp)));
  }

  private static void allocation(List<Kind> k) {
    k.add(
        new Kind(
            "new Object",
            (s, n) ->
                statement(
                    "new Object",
                    "{ Object " + n.local + " = new Object(); }",
                    Messages.newOfNonStruct("Object"))));
    k.add(
        new Kind(
            "new JDK class",
            (s, n) ->
                statement(
                    "new JDK class",
                    n.pick(
                        "{ StringBuilder " + n.local + " = new StringBuilder(); }",
                        "{ java.util.List<Integer> "
                            + n.local
                            + " = new java.util.ArrayList<>(); }"),
                    "cannot allocate")));
    k.add(
        new Kind(
            "new plain class",
            (s, n) ->
                withMembers(
                    "new plain class",
                    "{ " + n.type + " " + n.local + " = new " + n.type + "(); }",
                    List.of(helper("static final class " + n.type + " { int a; }")),
                    Messages.newOfNonStruct(n.type))));
    k.add(
        new Kind(
            "local class",
            (s, n) ->
                statement(
                    "local class",
                    "{ class "
                        + n.type
                        + " { int a; } "
                        + n.type
                        + " "
                        + n.local
                        + " = new "
                        + n.type
                        + "(); }",
                    Messages.newOfNonStruct(n.type))));
    k.add(
        new Kind(
            "record",
            (s, n) ->
                withMembers(
                    "record",
                    "{ " + n.type + " " + n.local + " = new " + n.type + "(" + n.var(s) + "); }",
                    List.of(helper("record " + n.type + "(int a) {}")),
                    Messages.newOfNonStruct(n.type))));
    k.add(
        new Kind(
            "anonymous class",
            (s, n) ->
                statement(
                    "anonymous class",
                    "{ Object " + n.local + " = new Object() { }; }",
                    Messages.newOfNonStruct("an anonymous class"))));
    k.add(
        new Kind(
            "new exception",
            (s, n) ->
                statement(
                    "new exception",
                    "{ Object " + n.local + " = new IllegalStateException(); }",
                    Messages.exceptions())));
    k.add(
        new Kind(
            "struct constructor with arguments",
            (s, n) ->
                withMembers(
                    "struct constructor with arguments",
                    "{ " + n.type + " " + n.local + " = new " + n.type + "(" + n.var(s) + "); }",
                    List.of(
                        helper(
                            "@Struct public static final class "
                                + n.type
                                + " { public long a; "
                                + n.type
                                + "(long a) { this.a = a; } }")),
                    "constructor with arguments")));
    k.add(
        new Kind(
            "struct too big for the stack",
            (s, n) -> {
              StringBuilder fields = new StringBuilder();
              for (int i = 0; i < 65; i++) {
                fields.append(i == 0 ? "" : ", ").append("f").append(i);
              }
              return withMembers(
                  "struct too big for the stack",
                  "{ "
                      + n.type
                      + " "
                      + n.local
                      + " = new "
                      + n.type
                      + "(); "
                      + n.local
                      + ".f1 = 1; }",
                  List.of(
                      helper(
                          "@Struct public static final class "
                              + n.type
                              + " { public long "
                              + fields
                              + "; }")),
                  "more than the kernel's 512");
            }));
  }

  private static void exceptionsAndMonitors(List<Kind> k) {
    String ex = Messages.exceptions();
    k.add(
        new Kind(
            "throw",
            (s, n) ->
                statement(
                    "throw",
                    "if ("
                        + n.var(s)
                        + " == 12345) { throw new "
                        + n.pick("IllegalStateException(\"fz\")", "RuntimeException()", "Error()")
                        + "; }",
                    ex)));
    k.add(
        new Kind(
            "try/catch",
            (s, n) ->
                statement(
                    "try/catch",
                    "try { acc += "
                        + n.var(s)
                        + " / 3; } catch (ArithmeticException "
                        + n.local
                        + ") { acc = 0; }",
                    ex)));
    k.add(
        new Kind(
            "try/finally",
            (s, n) -> statement("try/finally", "try { acc++; } finally { acc--; }", ex)));
    k.add(
        new Kind(
            "try-with-resources",
            (s, n) ->
                statement(
                    "try-with-resources",
                    "try (java.io.StringReader "
                        + n.local
                        + " = new java.io.StringReader(\"\")) { acc++; }",
                    ex,
                    "cannot allocate")));
    k.add(
        new Kind(
            "synchronized block",
            (s, n) ->
                statement(
                    "synchronized block",
                    "synchronized (" + s.className() + ".class) { acc++; }",
                    Messages.monitors())));
    k.add(
        new Kind(
            "synchronized method",
            (s, n) ->
                new Injection(
                    "synchronized method",
                    "acc += " + n.local + "(" + n.var(s) + ");",
                    false,
                    List.of(
                        blamed("static synchronized int " + n.local + "(int x) { return x + 1; }")),
                    List.of(Messages.monitors()))));
  }

  private static void lambdasAndStrings(List<Kind> k) {
    String lambdas = Messages.lambdas();
    k.add(
        new Kind(
            "lambda",
            (s, n) ->
                statement(
                    "lambda",
                    "{ java.util.function.IntUnaryOperator "
                        + n.local
                        + " = x -> x + 1; acc += "
                        + n.local
                        + ".applyAsInt("
                        + n.var(s)
                        + "); }",
                    lambdas)));
    k.add(
        new Kind(
            "method reference",
            (s, n) ->
                statement(
                    "method reference",
                    "{ java.util.function.LongSupplier " + n.local + " = Bpf::ktimeGetNs; }",
                    lambdas)));
    k.add(
        new Kind(
            "bound method reference",
            (s, n) ->
                s.isProgram()
                    ? statement(
                        "bound method reference",
                        "{ java.util.function.IntSupplier "
                            + n.local
                            + " = "
                            + s.ctx()
                            + "::hashCode; }",
                        lambdas)
                    : null));
    String str = Messages.nonConstantString();
    k.add(
        new Kind(
            "string concatenation",
            (s, n) ->
                statement("string concatenation", "Bpf.printk(\"v=\" + " + n.var(s) + ");", str)));
    k.add(
        new Kind(
            "format chosen at run time",
            (s, n) ->
                statement(
                    "format chosen at run time",
                    "Bpf.printk(" + n.var(s) + " > 3 ? \"a\\n\" : \"b\\n\");",
                    str)));
    k.add(
        new Kind(
            "string local",
            (s, n) ->
                statement(
                    "string local",
                    "{ String " + n.local + " = \"x\\n\"; Bpf.printk(" + n.local + "); }",
                    str)));
    k.add(
        new Kind(
            "string method",
            (s, n) ->
                statement(
                    "string method",
                    "acc += \"abc\".length();",
                    Messages.virtualCall("String", "length"))));
    k.add(
        new Kind(
            "switch on a string",
            (s, n) ->
                statement(
                    "switch on a string",
                    "switch (String.valueOf("
                        + n.var(s)
                        + ")) { case \"a\": acc++; break; default: acc--; }",
                    Messages.virtualCall("String", "valueOf"))));
  }

  private static void calls(List<Kind> k) {
    k.add(
        new Kind(
            "JDK static method",
            (s, n) -> {
              String v = n.var(s);
              String[][] calls = {
                {"acc += Math.abs(" + v + ");", "Math", "abs"},
                {"acc += Math.max(" + v + ", 3);", "Math", "max"},
                {"acc += Integer.bitCount(" + v + ");", "Integer", "bitCount"},
                {"lacc += System.nanoTime();", "System", "nanoTime"},
                {"acc += Integer.reverse(" + v + ");", "Integer", "reverse"},
                {"acc += Integer.parseInt(\"7\");", "Integer", "parseInt"},
                {"lacc += Long.numberOfTrailingZeros(lacc);", "Long", "numberOfTrailingZeros"},
                {"acc += Character.getNumericValue(" + v + ");", "Character", "getNumericValue"},
                {"acc += java.util.Objects.hashCode(null);", "Objects", "hashCode"},
              };
              String[] c = calls[n.rnd.nextInt(calls.length)];
              return statement("JDK static method", c[0], Messages.virtualCall(c[1], c[2]));
            }));
    k.add(
        new Kind(
            "Object method of a struct",
            (s, n) -> {
              String r = n.local;
              String[][] calls = {
                {"acc += " + r + ".hashCode();", "hashCode"},
                {"acc += " + r + ".toString().length();", "toString"},
                {"acc += " + r + ".equals(" + r + ") ? 1 : 0;", "equals"},
                {"acc += " + r + ".getClass() == null ? 1 : 0;", "getClass"},
              };
              String[] c = calls[n.rnd.nextInt(calls.length)];
              return statement(
                  "Object method of a struct",
                  "{ Rec " + r + " = new Rec(); " + c[0] + " }",
                  "." + c[1] + " in BPF code");
            }));
    k.add(
        new Kind(
            "Object method of the context",
            (s, n) -> {
              if (!s.isProgram()) {
                return null;
              }
              String method = n.pick("hashCode", "toString", "getClass");
              String use =
                  switch (method) {
                    case "hashCode" -> "acc += " + s.ctx() + ".hashCode();";
                    case "toString" -> "acc += " + s.ctx() + ".toString().length();";
                    default -> "acc += " + s.ctx() + ".getClass() == null ? 1 : 0;";
                  };
              return statement("Object method of the context", use, "." + method + " in BPF code");
            }));
    k.add(
        new Kind(
            "Object method of a map",
            (s, n) -> statement("Object method of a map", "acc += recs.hashCode();", ".hashCode")));
    k.add(
        new Kind(
            "method of a boxed value",
            (s, n) ->
                statement(
                    "method of a boxed value",
                    "acc += Integer.valueOf(" + n.var(s) + ").hashCode();",
                    Messages.virtualCall("Integer", "hashCode"))));
    k.add(
        new Kind(
            "instance method of a struct",
            (s, n) ->
                withMembers(
                    "instance method of a struct",
                    "{ "
                        + n.type
                        + " "
                        + n.local
                        + " = new "
                        + n.type
                        + "(); lacc += "
                        + n.local
                        + ".twice(); }",
                    List.of(
                        helper(
                            "@Struct public static final class "
                                + n.type
                                + " { public long v; long twice() { return v * 2; } }")),
                    Messages.virtualCall(n.type, "twice"))));
    k.add(
        new Kind(
            "static method of another class",
            (s, n) ->
                withMembers(
                    "static method of another class",
                    "acc += " + n.type + ".twice(" + n.var(s) + ");",
                    List.of(
                        helper(
                            "static final class "
                                + n.type
                                + " { static int twice(int x) { return 2 * x; } }")),
                    Messages.virtualCall(n.type, "twice"))));
    k.add(
        new Kind(
            "interface call",
            (s, n) ->
                n.rnd.nextBoolean()
                    ? statement(
                        "interface call",
                        "{ Runnable " + n.local + " = null; " + n.local + ".run(); }",
                        Messages.virtualCall("Runnable", "run"))
                    : statement(
                        "interface call",
                        "{ java.util.List<Integer> "
                            + n.local
                            + " = java.util.List.of(); acc += "
                            + n.local
                            + ".size(); }",
                        Messages.virtualCall("List", "of"))));
    k.add(
        new Kind(
            "System.out",
            (s, n) ->
                statement(
                    "System.out",
                    "System.out.println(" + n.var(s) + ");",
                    Messages.staticFieldRead("java.lang.System.out"))));
  }

  private static void casts(List<Kind> k) {
    k.add(
        new Kind(
            "instanceof",
            (s, n) ->
                statement(
                    "instanceof",
                    "{ Object "
                        + n.local
                        + " = new Rec(); if ("
                        + n.local
                        + " instanceof Rec) { acc++; } }",
                    Messages.unsupportedInstruction("instanceof"))));
    k.add(
        new Kind(
            "pattern instanceof",
            (s, n) ->
                statement(
                    "pattern instanceof",
                    "{ Object "
                        + n.local(0)
                        + " = recs.lookup(1); if ("
                        + n.local(0)
                        + " instanceof Rec "
                        + n.local(1)
                        + ") { acc += "
                        + n.local(1)
                        + ".a; } }",
                    Messages.unsupportedInstruction("instanceof"))));
    k.add(
        new Kind(
            "cast to another struct",
            (s, n) ->
                withMembers(
                    "cast to another struct",
                    n.pick(
                        "{ Object "
                            + n.local(0)
                            + " = new Rec(); "
                            + n.type
                            + " "
                            + n.local(1)
                            + " = ("
                            + n.type
                            + ") "
                            + n.local(0)
                            + "; "
                            + n.local(1)
                            + ".w = "
                            + n.var(s)
                            + "; }",
                        "{ "
                            + n.type
                            + " "
                            + n.local
                            + " = ("
                            + n.type
                            + ") (Object) recs.lookup(1); if ("
                            + n.local
                            + " != null) { "
                            + n.local
                            + ".w = 1; } }"),
                    List.of(
                        helper(
                            "@Struct public static final class "
                                + n.type
                                + " { public long x; public long y; public long z; public long w;"
                                + " }")),
                    Messages.referenceCast(n.type))));
    k.add(
        new Kind(
            "cast of the context",
            (s, n) ->
                s.isProgram()
                    ? statement(
                        "cast of the context",
                        "{ Object "
                            + n.local
                            + " = "
                            + s.ctx()
                            + "; acc += (("
                            + s.ctxType()
                            + ") "
                            + n.local
                            + ").hashCode(); }",
                        Messages.referenceCast(s.ctxType()))
                    : null));
  }

  private static void arrays(List<Kind> k) {
    String arrays = Messages.arrays();
    k.add(
        new Kind(
            "array of non-constant length",
            (s, n) ->
                statement(
                    "array of non-constant length",
                    "{ int[] "
                        + n.local
                        + " = new int["
                        + n.var(s)
                        + " & 7]; acc += "
                        + n.local
                        + ".length; }",
                    Messages.arrayLength())));
    k.add(
        new Kind(
            "multi-dimensional array",
            (s, n) ->
                statement(
                    "multi-dimensional array",
                    n.pick(
                        "{ int[][] " + n.local + " = new int[2][2]; }",
                        "{ long[][] " + n.local + " = {{1}, {2}}; }"),
                    arrays)));
    k.add(
        new Kind(
            "array of objects",
            (s, n) ->
                statement(
                    "array of objects",
                    n.pick(
                        "{ Object[] " + n.local + " = new Object[2]; }",
                        "{ Integer[] " + n.local + " = {1}; }",
                        "{ Rec[] " + n.local + " = new Rec[1]; }"),
                    arrays)));
    k.add(
        new Kind(
            "array passed to a method",
            (s, n) ->
                withMembers(
                    "array passed to a method",
                    "{ int[] "
                        + n.local
                        + " = new int[2]; acc += "
                        + n.local
                        + "_sum("
                        + n.local
                        + "); }",
                    List.of(helper("static int " + n.local + "_sum(int[] a) { return 0; }")),
                    "passing an array to a method")));
    k.add(
        new Kind(
            "array returned from a method",
            (s, n) ->
                withMembers(
                    "array returned from a method",
                    "{ int[] "
                        + n.local
                        + " = "
                        + n.local
                        + "_make(); acc += "
                        + n.local
                        + "[0]; }",
                    List.of(blamed("static int[] " + n.local + "_make() { return new int[2]; }")),
                    arrays,
                    "returning an object")));
    k.add(
        new Kind(
            "array local assigned on one path",
            (s, n) ->
                statement(
                    "array local assigned on one path",
                    "{ int[] "
                        + n.local
                        + " = new int[2]; if ("
                        + n.var(s)
                        + " > 3) { "
                        + n.local
                        + " = new int[3]; } acc += "
                        + n.local
                        + "[0]; }",
                    Messages.arrayLocal())));
    k.add(
        new Kind(
            "array chosen at run time",
            (s, n) ->
                statement(
                    "array chosen at run time",
                    "{ int[] "
                        + n.local(0)
                        + " = new int[2]; int[] "
                        + n.local(1)
                        + " = new int[2]; int[] "
                        + n.local(2)
                        + " = "
                        + n.var(s)
                        + " > 3 ? "
                        + n.local(0)
                        + " : "
                        + n.local(1)
                        + "; acc += "
                        + n.local(2)
                        + "[0]; }",
                    Messages.arrayLocal())));
    k.add(
        new Kind(
            "null array",
            (s, n) ->
                statement(
                    "null array",
                    "{ int[] " + n.local + " = null; " + n.local + "[0] = 1; }",
                    arrays)));
    k.add(
        new Kind(
            "array too big for the stack",
            (s, n) ->
                statement(
                    "array too big for the stack",
                    "{ long[] " + n.local + " = new long[100]; " + n.local + "[0] = 1; }",
                    "more than the kernel's 512")));
    k.add(
        new Kind(
            "array clone",
            (s, n) ->
                statement(
                    "array clone",
                    "{ int[] "
                        + n.local(0)
                        + " = new int[2]; int[] "
                        + n.local(1)
                        + " = "
                        + n.local(0)
                        + ".clone(); }",
                    Messages.virtualCall("int[]", "clone"))));
    k.add(
        new Kind(
            "varargs",
            (s, n) ->
                withMembers(
                    "varargs",
                    "acc += " + n.local + "(1, " + n.var(s) + ");",
                    List.of(helper("static int " + n.local + "(int... xs) { return 0; }")),
                    "passing an array to a method")));
    k.add(
        new Kind(
            "JDK varargs",
            (s, n) ->
                statement(
                    "JDK varargs",
                    "acc += String.format(\"%d\", " + n.var(s) + ").length();",
                    arrays)));
  }

  private static void fields(List<Kind> k) {
    k.add(
        new Kind(
            "static field write",
            (s, n) ->
                withMembers(
                    "static field write",
                    n.local + " = " + n.var(s) + ";",
                    List.of(helper("static int " + n.local + ";")),
                    Messages.staticFieldWrite(n.local))));
    k.add(
        new Kind(
            "static field read",
            (s, n) -> {
              String[] decls = {
                "static int " + n.local + " = 3;",
                "static final Integer " + n.local + " = 5;",
                "static long " + n.local + ";",
              };
              return withMembers(
                  "static field read",
                  "acc += " + n.local + ";",
                  List.of(helper(n.pick(decls))),
                  Messages.staticFieldRead("fuzz." + s.className() + "." + n.local));
            }));
    k.add(
        new Kind(
            "static array",
            (s, n) ->
                withMembers(
                    "static array",
                    "acc += " + n.local + "[0];",
                    List.of(helper("static final int[] " + n.local + " = {1, 2};")),
                    Messages.staticFieldRead("fuzz." + s.className() + "." + n.local))));
    k.add(
        new Kind(
            "map field write",
            (s, n) ->
                statement("map field write", "recs = null;", Messages.staticFieldWrite("recs"))));
    k.add(
        new Kind(
            "field of a non-struct",
            (s, n) ->
                withMembers(
                    "field of a non-struct",
                    "{ " + n.type + " " + n.local + " = null; acc += " + n.local + ".a; }",
                    List.of(helper("static final class " + n.type + " { int a; }")),
                    Messages.instanceField(n.type, "a"))));
    k.add(
        new Kind(
            "class literal",
            (s, n) ->
                statement(
                    "class literal",
                    n.pick(
                        "{ Object " + n.local + " = " + s.className() + ".class; }",
                        "acc += " + s.className() + ".class.getDeclaredFields().length;"),
                    Messages.unsupportedInstruction("a class literal"))));
    k.add(
        new Kind(
            "enum",
            (s, n) ->
                statement(
                    "enum",
                    n.pick(
                        "{ MapType "
                            + n.local
                            + " = MapType.HASH; switch ("
                            + n.local
                            + ") { case HASH: acc++; break; default: acc--; } }",
                        "acc += MapType.ARRAY.ordinal();"),
                    "cannot read static field io.bpf4j.lang.MapType.")));
  }

  private static void boxingAndLoops(List<Kind> k) {
    k.add(
        new Kind(
            "boxed local",
            (s, n) ->
                statement(
                    "boxed local",
                    n.pick(
                        "{ Integer "
                            + n.local
                            + " = (int) "
                            + n.var(s)
                            + "; acc += "
                            + n.local
                            + "; }",
                        "{ Long " + n.local + " = lacc; }",
                        "{ Object " + n.local + " = (int) " + n.var(s) + "; }",
                        "{ Object " + n.local + " = (byte) " + n.var(s) + "; }",
                        "{ Character " + n.local + " = (char) " + n.var(s) + "; }",
                        "{ Boolean " + n.local + " = " + n.var(s) + " > 3; }"),
                    "a boxed")));
    k.add(
        new Kind(
            "assert",
            (s, n) ->
                statement("assert", "assert " + n.var(s) + " >= -5;", Messages.assertions())));
    k.add(
        new Kind(
            "loop without exit",
            (s, n) ->
                statement(
                    "loop without exit",
                    "if ("
                        + n.var(s)
                        + " == 77) { "
                        + n.pick(
                            "while (true) { acc++; }",
                            "for (;;) { }",
                            "do { acc--; } while (true);")
                        + " }",
                    Messages.loopBound())));
  }

  private static void recursionAndArguments(List<Kind> k) {
    k.add(
        new Kind(
            "native method that is not a helper",
            (s, n) ->
                withMembers(
                    "native method that is not a helper",
                    "acc += " + n.local + "(" + n.var(s) + ");",
                    List.of(helper("static native int " + n.local + "(int x);")),
                    Messages.nativeWithoutHelper(n.local))));
    k.add(
        new Kind(
            "static method of an interface",
            (s, n) ->
                withMembers(
                    "static method of an interface",
                    "acc += " + n.type + ".twice(" + n.var(s) + ");",
                    List.of(
                        helper(
                            "interface "
                                + n.type
                                + " { static int twice(int x) { return 2 * x; } }")),
                    Messages.virtualCall(n.type, "twice"))));
    k.add(
        new Kind(
            "switch expression on a string",
            (s, n) ->
                statement(
                    "switch expression on a string",
                    "acc += switch (String.valueOf("
                        + n.var(s)
                        + ")) { case \"1\" -> 1; default -> 2; };",
                    Messages.virtualCall("String", "valueOf"))));
    k.add(
        new Kind(
            "direct recursion",
            (s, n) ->
                calling(
                    "direct recursion",
                    "acc += " + n.local + "(" + n.var(s) + " & 7);",
                    List.of(
                        blamed(
                            "static int "
                                + n.local
                                + "(int n) { return n <= 0 ? 0 : "
                                + n.local
                                + "(n - 1) + 1; }")),
                    Messages.recursion(n.local + " -> " + n.local))));
    k.add(
        new Kind(
            "mutual recursion",
            (s, n) -> {
              String even = n.local + "_even";
              String odd = n.local + "_odd";
              return calling(
                  "mutual recursion",
                  "acc += " + even + "(" + n.var(s) + " & 7);",
                  List.of(
                      blamed(
                          "static int "
                              + even
                              + "(int n) { return n == 0 ? 1 : "
                              + odd
                              + "(n - 1); }"),
                      blamed(
                          "static int "
                              + odd
                              + "(int n) { return n == 0 ? 0 : "
                              + even
                              + "(n - 1); }")),
                  "recursion is not supported");
            }));
    k.add(
        new Kind(
            "recursion of the enclosing method",
            (s, n) -> {
              String call =
                  s.returnType().equals("void")
                      ? s.selfCall() + "; return;"
                      : "return " + s.selfCall() + ";";
              return statement(
                  "recursion of the enclosing method",
                  "if (" + n.var(s) + " == 99) { " + call + " }",
                  Messages.recursion(s.method() + " -> " + s.method()));
            }));
    k.add(
        new Kind(
            "six arguments",
            (s, n) ->
                calling(
                    "six arguments",
                    "acc += " + n.local + "(" + n.var(s) + ", 1, 2, 3, 4, 5);",
                    List.of(
                        blamed(
                            "static int "
                                + n.local
                                + "(int a, int b, int c, int d, int e, int f) { return a + b + c + d"
                                + " + e + f; }")),
                    Messages.tooManyArguments(n.local, 6))));
    k.add(
        new Kind(
            "five arguments to a method that may fail",
            (s, n) ->
                calling(
                    "five arguments to a method that may fail",
                    "acc += " + n.local + "(" + n.var(s) + ", 1, 2, 3, 4);",
                    List.of(
                        blamed(
                            "static int "
                                + n.local
                                + "(int a, int b, int c, int d, int e) { return a / b + c + d + e;"
                                + " }")),
                    Messages.tooManyArgumentsToFail(n.local, 5))));
    k.add(
        new Kind(
            "object returned from a method",
            (s, n) ->
                calling(
                    "object returned from a method",
                    "{ Rec " + n.local + " = " + n.local + "_find(); }",
                    List.of(blamed("static Rec " + n.local + "_find() { return recs.lookup(1); }")),
                    "returning an object")));
  }

  private static void mapsAndAtomics(List<Kind> k) {
    String mapInLocal = Messages.mapInLocal();
    k.add(
        new Kind(
            "map in a local",
            (s, n) ->
                statement(
                    "map in a local",
                    "{ BpfMap<Integer, Rec> " + n.local + " = recs; }",
                    mapInLocal)));
    k.add(
        new Kind(
            "map chosen at run time",
            (s, n) ->
                statement(
                    "map chosen at run time",
                    "{ Rec " + n.local + " = (" + n.var(s) + " > 3 ? recs : recs2).lookup(1); }",
                    mapInLocal)));
    k.add(
        new Kind(
            "map passed to a method",
            (s, n) ->
                withMembers(
                    "map passed to a method",
                    "acc += " + n.local + "(counts);",
                    List.of(
                        helper(
                            "static int " + n.local + "(BpfMap<Integer, Long> m) { return 0; }")),
                    mapInLocal)));
    k.add(
        new Kind(
            "null key",
            (s, n) ->
                statement(
                    "null key",
                    n.pick(
                        "{ Rec " + n.local + " = recs.lookup(null); }",
                        "counts.update(1, null, BpfMap.ANY);"),
                    "must not be null")));
    k.add(
        new Kind(
            "value of an atomic update",
            (s, n) -> {
              String[][] uses = {
                {"long " + n.local(1) + " = " + n.local + ".hits++;", "hits"},
                {"acc += (" + n.local + ".flags += 2);", "flags"},
                {"lacc = " + n.local + ".hits -= 3;", "hits"},
              };
              String[] use = uses[n.rnd.nextInt(uses.length)];
              return statement(
                  "value of an atomic update",
                  "{ Rec " + n.local + " = new Rec(); " + use[0] + " }",
                  Messages.atomicResultUsed(use[1]));
            }));
    k.add(
        new Kind(
            "unsupported atomic operation",
            (s, n) -> {
              String[][] ops = {
                {n.local + ".hits *= 3;", "hits"},
                {n.local + ".flags <<= 1;", "flags"},
                {n.local + ".hits /= 2;", "hits"},
              };
              String[] op = ops[n.rnd.nextInt(ops.length)];
              return statement(
                  "unsupported atomic operation",
                  "{ Rec " + n.local + " = new Rec(); " + op[0] + " }",
                  Messages.atomicUnsupportedOp(op[1]));
            }));
  }

  private static void intrinsics(List<Kind> k) {
    k.add(
        new Kind(
            "tracing context read",
            (s, n) ->
                switch (String.valueOf(s.ctxType())) {
                  case "TracepointContext" ->
                      statement(
                          "tracing context read",
                          n.pick(
                              "acc += " + s.ctx() + ".readInt(6);",
                              "acc += " + s.ctx() + ".readInt(" + n.var(s) + ");",
                              "lacc += " + s.ctx() + ".readLong(65536);"),
                          "a context field offset must be a constant");
                  case "RawTracepointArgs" ->
                      statement(
                          "tracing context read",
                          n.pick(
                              "lacc += " + s.ctx() + ".arg(12);",
                              "lacc += " + s.ctx() + ".arg(" + n.var(s) + ");"),
                          "needs a constant index from 0 to 11");
                  default -> null;
                }));
    k.add(
        new Kind(
            "cb index",
            (s, n) ->
                "SkBuff".equals(s.ctxType())
                    ? statement(
                        "cb index",
                        n.pick("acc += skb.cb(" + n.var(s) + " & 3);", "acc += skb.cb(7);"),
                        "needs a constant index from 0 to 4")
                    : null));
    k.add(
        new Kind(
            "loadBytes without a byte array",
            (s, n) ->
                s.isProgram() && ("SkBuff".equals(s.ctxType()) || s.xdp())
                    ? statement(
                        "loadBytes without a byte array",
                        n.pick(
                            "acc += " + s.ctx() + ".loadBytes(0, new byte[0]);",
                            "{ byte[] "
                                + n.local
                                + " = null; acc += "
                                + s.ctx()
                                + ".loadBytes(0, "
                                + n.local
                                + "); }"),
                        "loadBytes needs a non-empty byte[]")
                    : null));
    k.add(
        new Kind(
            "helper the program type may not call",
            (s, n) -> {
              if (!s.isProgram()) {
                return null;
              }
              int id = "SkBuff".equals(s.ctxType()) ? 189 : 26;
              return withMembers(
                  "helper the program type may not call",
                  "acc += " + n.local + "(" + s.ctx() + ", 0, 0, 4);",
                  List.of(
                      helper(
                          "@Helper(id = "
                              + id
                              + ") static native int "
                              + n.local
                              + "("
                              + s.ctxType()
                              + " ctx, int off, long to, int len);")),
                  "is not available to");
            }));
  }

  private static void annotations(List<Kind> k) {
    k.add(
        new Kind(
            "struct field of an unsupported type",
            (s, n) -> {
              String type = n.pick("float", "double", "String", "int[]", "Rec");
              return member(
                  "struct field of an unsupported type",
                  "@Struct public static final class " + n.type + " { public " + type + " f; }",
                  Messages.structFieldType(n.type, "f"));
            }));
    k.add(
        new Kind(
            "struct initialized in Java",
            (s, n) ->
                member(
                    "struct initialized in Java",
                    n.pick(
                        "@Struct public static final class "
                            + n.type
                            + " { public int a = 5; public long b; }",
                        "@Struct public static final class "
                            + n.type
                            + " { public int a; public "
                            + n.type
                            + "() { a = 7; } }",
                        "@Struct public static final class "
                            + n.type
                            + " { public int a; { a = 9; } }"),
                    Messages.structInitializer(n.type))));
    k.add(
        new Kind(
            "struct extending another",
            (s, n) ->
                new Injection(
                    "struct extending another",
                    null,
                    false,
                    List.of(
                        helper("@Struct public static class " + n.type + "Base { public long x; }"),
                        blamed(
                            "@Struct public static final class "
                                + n.type
                                + " extends "
                                + n.type
                                + "Base { public long y; }")),
                    List.of(Messages.structExtends(n.type, n.type + "Base")))));
    k.add(
        new Kind(
            "@Atomic field too small",
            (s, n) ->
                member(
                    "@Atomic field too small",
                    "@Struct public static final class "
                        + n.type
                        + " { @Atomic public "
                        + n.pick("short", "byte", "char", "boolean")
                        + " f; }",
                    Messages.atomicFieldType("f"))));
    k.add(
        new Kind(
            "map of an unsupported type",
            (s, n) -> {
              String type =
                  n.pick("BpfMap<String, Long>", "BpfMap<Integer, int[]>", "BpfMap<Short, Long>");
              return member(
                  "map of an unsupported type",
                  "@Map(type = MapType.HASH, maxEntries = 4) static " + type + " " + n.local + ";",
                  "as key or value");
            }));
    k.add(
        new Kind(
            "map field shape",
            (s, n) ->
                member(
                    "map field shape",
                    n.pick(
                        "@Map(type = MapType.HASH, maxEntries = 4) BpfMap<Integer, Long> "
                            + n.local
                            + ";",
                        "@Map(type = MapType.HASH, maxEntries = 4) static java.util.Map<Integer,"
                            + " Long> "
                            + n.local
                            + ";",
                        "@Map(type = MapType.HASH, maxEntries = 4) static long " + n.local + ";"),
                    Messages.mapFieldShape(n.local))));
    k.add(
        new Kind(
            "map size",
            (s, n) ->
                member(
                    "map size",
                    n.pick(
                        "@Map(type = MapType.HASH, maxEntries = 0) static BpfMap<Integer, Long> "
                            + n.local
                            + ";",
                        "@Map(type = MapType.RINGBUF, maxEntries = 1000) static RingBuf<Rec> "
                            + n.local
                            + ";"),
                    "maxEntries must be positive",
                    "a power of two")));
    k.add(
        new Kind(
            "program signature",
            (s, n) ->
                member(
                    "program signature",
                    n.pick(
                        "@Section(\"xdp\") public static int "
                            + n.local
                            + "(SkBuff skb) { return 0; }",
                        "@Section(\"socket\") public static long "
                            + n.local
                            + "(SkBuff skb) { return 0; }",
                        "@Section(\"socket\") public int " + n.local + "(SkBuff skb) { return 0; }",
                        "@Section(\"sockets\") public static int "
                            + n.local
                            + "(SkBuff skb) { return 0; }"),
                    "a program in section",
                    "must be static, return int",
                    "unknown program section")));
    k.add(
        new Kind(
            "helper declaration",
            (s, n) ->
                member(
                    "helper declaration",
                    n.pick(
                        "@Helper(id = 5) static long " + n.local + "() { return 0; }",
                        "@Helper(id = 5) native long " + n.local + "();"),
                    Messages.helperShape(n.local))));
    k.add(
        new Kind(
            "tail call target",
            (s, n) ->
                member(
                    "tail call target",
                    "@Section(\"socket\") @TailCallTarget(map = \""
                        + n.pick("recs", "nothing")
                        + "\", index = 0) public static int "
                        + n.local
                        + "(SkBuff skb) { return 0; }",
                    "@TailCallTarget names map")));
  }
}
