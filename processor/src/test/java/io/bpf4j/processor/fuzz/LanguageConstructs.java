package io.bpf4j.processor.fuzz;

import static io.bpf4j.processor.fuzz.UnsupportedConstructs.blamed;
import static io.bpf4j.processor.fuzz.UnsupportedConstructs.helper;
import static io.bpf4j.processor.fuzz.UnsupportedConstructs.statement;
import static io.bpf4j.processor.fuzz.UnsupportedConstructs.withMembers;

import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.fuzz.UnsupportedConstructs.Kind;
import java.util.List;

/**
 * Unsupported parts of the Java language: floating point, allocation of non-@Struct objects,
 * exceptions, monitors, lambdas, non-constant strings, casts, boxing and loops without exit.
 */
final class LanguageConstructs {
  private LanguageConstructs() {}

  static void addTo(List<Kind> k) {
    floatingPoint(k);
    allocation(k);
    exceptionsAndMonitors(k);
    lambdasAndStrings(k);
    casts(k);
    boxingAndLoops(k);
  }

  private static void floatingPoint(List<Kind> k) {
    String fp = Messages.floatingPoint();
    k.add(
        new Kind(
            "float local",
            (s, n) ->
                statement("float local", "{ float " + n.local() + " = " + n.var(s) + "; }", fp)));
    k.add(
        new Kind(
            "double arithmetic",
            (s, n) -> statement("double arithmetic", "acc = (int) (acc * 1.5);", fp)));
    k.add(
        new Kind(
            "float literal",
            (s, n) -> statement("float literal", "{ float " + n.local() + " = 0.25f; }", fp)));
    k.add(
        new Kind(
            "double parameter",
            (s, n) ->
                withMembers(
                    "double parameter",
                    "acc += " + n.local() + "(" + n.var(s) + ");",
                    List.of(
                        helper("static int " + n.local() + "(double d) { return (int) (d / 2); }")),
                    fp)));
    k.add(
        new Kind(
            "float result",
            (s, n) ->
                withMembers(
                    "float result",
                    "acc += (int) " + n.local() + "(" + n.var(s) + ");",
                    List.of(helper("static float " + n.local() + "(int x) { return x / 2f; }")),
                    fp)));
  }

  private static void allocation(List<Kind> k) {
    k.add(
        new Kind(
            "new Object",
            (s, n) ->
                statement(
                    "new Object",
                    "{ Object " + n.local() + " = new Object(); }",
                    Messages.newOfNonStruct("Object"))));
    k.add(
        new Kind(
            "new JDK class",
            (s, n) ->
                statement(
                    "new JDK class",
                    n.pick(
                        "{ StringBuilder " + n.local() + " = new StringBuilder(); }",
                        "{ java.util.List<Integer> "
                            + n.local()
                            + " = new java.util.ArrayList<>(); }"),
                    "cannot allocate")));
    k.add(
        new Kind(
            "new plain class",
            (s, n) ->
                withMembers(
                    "new plain class",
                    "{ " + n.type() + " " + n.local() + " = new " + n.type() + "(); }",
                    List.of(helper("static final class " + n.type() + " { int a; }")),
                    Messages.newOfNonStruct(n.type()))));
    k.add(
        new Kind(
            "local class",
            (s, n) ->
                statement(
                    "local class",
                    "{ class "
                        + n.type()
                        + " { int a; } "
                        + n.type()
                        + " "
                        + n.local()
                        + " = new "
                        + n.type()
                        + "(); }",
                    Messages.newOfNonStruct(n.type()))));
    k.add(
        new Kind(
            "record",
            (s, n) ->
                withMembers(
                    "record",
                    "{ " + n.type() + " " + n.local() + " = new " + n.type() + "(" + n.var(s)
                        + "); }",
                    List.of(helper("record " + n.type() + "(int a) {}")),
                    Messages.newOfNonStruct(n.type()))));
    k.add(
        new Kind(
            "anonymous class",
            (s, n) ->
                statement(
                    "anonymous class",
                    "{ Object " + n.local() + " = new Object() { }; }",
                    Messages.newOfNonStruct("an anonymous class"))));
    k.add(
        new Kind(
            "new exception",
            (s, n) ->
                statement(
                    "new exception",
                    "{ Object " + n.local() + " = new IllegalStateException(); }",
                    Messages.exceptions())));
    k.add(
        new Kind(
            "struct constructor with arguments",
            (s, n) ->
                withMembers(
                    "struct constructor with arguments",
                    "{ " + n.type() + " " + n.local() + " = new " + n.type() + "(" + n.var(s)
                        + "); }",
                    List.of(
                        helper(
                            "@Struct public static final class "
                                + n.type()
                                + " { public long a; "
                                + n.type()
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
                      + n.type()
                      + " "
                      + n.local()
                      + " = new "
                      + n.type()
                      + "(); "
                      + n.local()
                      + ".f1 = 1; }",
                  List.of(
                      helper(
                          "@Struct public static final class "
                              + n.type()
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
                        + n.local()
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
                        + n.local()
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
                    "acc += " + n.local() + "(" + n.var(s) + ");",
                    false,
                    List.of(
                        blamed(
                            "static synchronized int " + n.local() + "(int x) { return x + 1; }")),
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
                        + n.local()
                        + " = x -> x + 1; acc += "
                        + n.local()
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
                    "{ java.util.function.LongSupplier " + n.local() + " = Bpf::ktimeGetNs; }",
                    lambdas)));
    k.add(
        new Kind(
            "bound method reference",
            (s, n) ->
                s.isProgram()
                    ? statement(
                        "bound method reference",
                        "{ java.util.function.IntSupplier "
                            + n.local()
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
                    "{ String " + n.local() + " = \"x\\n\"; Bpf.printk(" + n.local() + "); }",
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

  private static void casts(List<Kind> k) {
    k.add(
        new Kind(
            "instanceof",
            (s, n) ->
                statement(
                    "instanceof",
                    "{ Object "
                        + n.local()
                        + " = new Rec(); if ("
                        + n.local()
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
                            + n.type()
                            + " "
                            + n.local(1)
                            + " = ("
                            + n.type()
                            + ") "
                            + n.local(0)
                            + "; "
                            + n.local(1)
                            + ".w = "
                            + n.var(s)
                            + "; }",
                        "{ "
                            + n.type()
                            + " "
                            + n.local()
                            + " = ("
                            + n.type()
                            + ") (Object) recs.lookup(1); if ("
                            + n.local()
                            + " != null) { "
                            + n.local()
                            + ".w = 1; } }"),
                    List.of(
                        helper(
                            "@Struct public static final class "
                                + n.type()
                                + " { public long x; public long y; public long z; public long w;"
                                + " }")),
                    Messages.referenceCast(n.type()))));
    k.add(
        new Kind(
            "cast of the context",
            (s, n) ->
                s.isProgram()
                    ? statement(
                        "cast of the context",
                        "{ Object "
                            + n.local()
                            + " = "
                            + s.ctx()
                            + "; acc += (("
                            + s.ctxType()
                            + ") "
                            + n.local()
                            + ").hashCode(); }",
                        Messages.referenceCast(s.ctxType()))
                    : null));
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
                            + n.local()
                            + " = (int) "
                            + n.var(s)
                            + "; acc += "
                            + n.local()
                            + "; }",
                        "{ Long " + n.local() + " = lacc; }",
                        "{ Object " + n.local() + " = (int) " + n.var(s) + "; }",
                        "{ Object " + n.local() + " = (byte) " + n.var(s) + "; }",
                        "{ Character " + n.local() + " = (char) " + n.var(s) + "; }",
                        "{ Boolean " + n.local() + " = " + n.var(s) + " > 3; }"),
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
}
