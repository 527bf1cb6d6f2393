package io.bpf4j.processor.fuzz;

import static io.bpf4j.processor.fuzz.UnsupportedConstructs.blamed;
import static io.bpf4j.processor.fuzz.UnsupportedConstructs.calling;
import static io.bpf4j.processor.fuzz.UnsupportedConstructs.helper;
import static io.bpf4j.processor.fuzz.UnsupportedConstructs.statement;
import static io.bpf4j.processor.fuzz.UnsupportedConstructs.withMembers;

import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.fuzz.UnsupportedConstructs.Kind;
import java.util.List;

/**
 * Unsupported calls: of JDK methods, Object methods, instance and interface methods, other classes,
 * natives that are not helpers; recursion; too many arguments; and intrinsics called with what they
 * cannot take.
 */
final class CallConstructs {
  private CallConstructs() {}

  static void addTo(List<Kind> k) {
    calls(k);
    recursionAndArguments(k);
    intrinsics(k);
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
              String[] c = calls[n.rnd().nextInt(calls.length)];
              return statement("JDK static method", c[0], Messages.virtualCall(c[1], c[2]));
            }));
    k.add(
        new Kind(
            "Object method of a struct",
            (s, n) -> {
              String r = n.local();
              String[][] calls = {
                {"acc += " + r + ".hashCode();", "hashCode"},
                {"acc += " + r + ".toString().length();", "toString"},
                {"acc += " + r + ".equals(" + r + ") ? 1 : 0;", "equals"},
                {"acc += " + r + ".getClass() == null ? 1 : 0;", "getClass"},
              };
              String[] c = calls[n.rnd().nextInt(calls.length)];
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
                        + n.type()
                        + " "
                        + n.local()
                        + " = new "
                        + n.type()
                        + "(); lacc += "
                        + n.local()
                        + ".twice(); }",
                    List.of(
                        helper(
                            "@Struct public static final class "
                                + n.type()
                                + " { public long v; long twice() { return v * 2; } }")),
                    Messages.virtualCall(n.type(), "twice"))));
    k.add(
        new Kind(
            "static method of another class",
            (s, n) ->
                withMembers(
                    "static method of another class",
                    "acc += " + n.type() + ".twice(" + n.var(s) + ");",
                    List.of(
                        helper(
                            "static final class "
                                + n.type()
                                + " { static int twice(int x) { return 2 * x; } }")),
                    Messages.virtualCall(n.type(), "twice"))));
    k.add(
        new Kind(
            "interface call",
            (s, n) ->
                n.rnd().nextBoolean()
                    ? statement(
                        "interface call",
                        "{ Runnable " + n.local() + " = null; " + n.local() + ".run(); }",
                        Messages.virtualCall("Runnable", "run"))
                    : statement(
                        "interface call",
                        "{ java.util.List<Integer> "
                            + n.local()
                            + " = java.util.List.of(); acc += "
                            + n.local()
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

  private static void recursionAndArguments(List<Kind> k) {
    k.add(
        new Kind(
            "native method that is not a helper",
            (s, n) ->
                withMembers(
                    "native method that is not a helper",
                    "acc += " + n.local() + "(" + n.var(s) + ");",
                    List.of(helper("static native int " + n.local() + "(int x);")),
                    Messages.nativeWithoutHelper(n.local()))));
    k.add(
        new Kind(
            "static method of an interface",
            (s, n) ->
                withMembers(
                    "static method of an interface",
                    "acc += " + n.type() + ".twice(" + n.var(s) + ");",
                    List.of(
                        helper(
                            "interface "
                                + n.type()
                                + " { static int twice(int x) { return 2 * x; } }")),
                    Messages.virtualCall(n.type(), "twice"))));
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
                    "acc += " + n.local() + "(" + n.var(s) + " & 7);",
                    List.of(
                        blamed(
                            "static int "
                                + n.local()
                                + "(int n) { return n <= 0 ? 0 : "
                                + n.local()
                                + "(n - 1) + 1; }")),
                    Messages.recursion(n.local() + " -> " + n.local()))));
    k.add(
        new Kind(
            "mutual recursion",
            (s, n) -> {
              String even = n.local() + "_even";
              String odd = n.local() + "_odd";
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
                    "acc += " + n.local() + "(" + n.var(s) + ", 1, 2, 3, 4, 5);",
                    List.of(
                        blamed(
                            "static int "
                                + n.local()
                                + "(int a, int b, int c, int d, int e, int f) { return a + b + c + d"
                                + " + e + f; }")),
                    Messages.tooManyArguments(n.local(), 6))));
    k.add(
        new Kind(
            "five arguments to a method that may fail",
            (s, n) ->
                calling(
                    "five arguments to a method that may fail",
                    "acc += " + n.local() + "(" + n.var(s) + ", 1, 2, 3, 4);",
                    List.of(
                        blamed(
                            "static int "
                                + n.local()
                                + "(int a, int b, int c, int d, int e) { return a / b + c + d + e;"
                                + " }")),
                    Messages.tooManyArgumentsToFail(n.local(), 5))));
    k.add(
        new Kind(
            "object returned from a method",
            (s, n) ->
                calling(
                    "object returned from a method",
                    "{ Rec " + n.local() + " = " + n.local() + "_find(); }",
                    List.of(
                        blamed("static Rec " + n.local() + "_find() { return recs.lookup(1); }")),
                    "returning an object")));
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
                        n.pick(
                            "acc += " + s.ctx() + ".cb(" + n.var(s) + " & 3);",
                            "acc += " + s.ctx() + ".cb(7);"),
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
                                + n.local()
                                + " = null; acc += "
                                + s.ctx()
                                + ".loadBytes(0, "
                                + n.local()
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
                  "acc += " + n.local() + "(" + s.ctx() + ", 0, 0, 4);",
                  List.of(
                      helper(
                          "@Helper(id = "
                              + id
                              + ") static native int "
                              + n.local()
                              + "("
                              + s.ctxType()
                              + " ctx, int off, long to, int len);")),
                  "is not available to");
            }));
  }
}
