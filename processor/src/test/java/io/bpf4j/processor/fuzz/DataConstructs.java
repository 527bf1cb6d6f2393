package io.bpf4j.processor.fuzz;

import static io.bpf4j.processor.fuzz.UnsupportedConstructs.blamed;
import static io.bpf4j.processor.fuzz.UnsupportedConstructs.helper;
import static io.bpf4j.processor.fuzz.UnsupportedConstructs.statement;
import static io.bpf4j.processor.fuzz.UnsupportedConstructs.withMembers;

import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.fuzz.UnsupportedConstructs.Kind;
import java.util.List;

/**
 * Unsupported data: arrays that are not constant-length primitive stack arrays, static fields,
 * fields of non-structs, enums and class literals, maps used as values, and @Atomic misuse.
 */
final class DataConstructs {
  private DataConstructs() {}

  static void addTo(List<Kind> k) {
    arrays(k);
    fields(k);
    mapsAndAtomics(k);
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
                        + n.local()
                        + " = new int["
                        + n.var(s)
                        + " & 7]; acc += "
                        + n.local()
                        + ".length; }",
                    Messages.arrayLength())));
    k.add(
        new Kind(
            "multi-dimensional array",
            (s, n) ->
                statement(
                    "multi-dimensional array",
                    n.pick(
                        "{ int[][] " + n.local() + " = new int[2][2]; }",
                        "{ long[][] " + n.local() + " = {{1}, {2}}; }"),
                    arrays)));
    k.add(
        new Kind(
            "array of objects",
            (s, n) ->
                statement(
                    "array of objects",
                    n.pick(
                        "{ Object[] " + n.local() + " = new Object[2]; }",
                        "{ Integer[] " + n.local() + " = {1}; }",
                        "{ Rec[] " + n.local() + " = new Rec[1]; }"),
                    arrays)));
    k.add(
        new Kind(
            "array passed to a method",
            (s, n) ->
                withMembers(
                    "array passed to a method",
                    "{ int[] "
                        + n.local()
                        + " = new int[2]; acc += "
                        + n.local()
                        + "_sum("
                        + n.local()
                        + "); }",
                    List.of(helper("static int " + n.local() + "_sum(int[] a) { return 0; }")),
                    "passing an array to a method")));
    k.add(
        new Kind(
            "array returned from a method",
            (s, n) ->
                withMembers(
                    "array returned from a method",
                    "{ int[] "
                        + n.local()
                        + " = "
                        + n.local()
                        + "_make(); acc += "
                        + n.local()
                        + "[0]; }",
                    List.of(blamed("static int[] " + n.local() + "_make() { return new int[2]; }")),
                    arrays,
                    "returning an object")));
    k.add(
        new Kind(
            "array local assigned on one path",
            (s, n) ->
                statement(
                    "array local assigned on one path",
                    "{ int[] "
                        + n.local()
                        + " = new int[2]; if ("
                        + n.var(s)
                        + " > 3) { "
                        + n.local()
                        + " = new int[3]; } acc += "
                        + n.local()
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
                    "{ int[] " + n.local() + " = null; " + n.local() + "[0] = 1; }",
                    arrays)));
    k.add(
        new Kind(
            "array too big for the stack",
            (s, n) ->
                statement(
                    "array too big for the stack",
                    "{ long[] " + n.local() + " = new long[100]; " + n.local() + "[0] = 1; }",
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
                    "acc += " + n.local() + "(1, " + n.var(s) + ");",
                    List.of(helper("static int " + n.local() + "(int... xs) { return 0; }")),
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
                    n.local() + " = " + n.var(s) + ";",
                    List.of(helper("static int " + n.local() + ";")),
                    Messages.staticFieldWrite(n.local()))));
    k.add(
        new Kind(
            "static field read",
            (s, n) -> {
              String[] decls = {
                "static int " + n.local() + " = 3;",
                "static final Integer " + n.local() + " = 5;",
                "static long " + n.local() + ";",
              };
              return withMembers(
                  "static field read",
                  "acc += " + n.local() + ";",
                  List.of(helper(n.pick(decls))),
                  Messages.staticFieldRead("fuzz." + s.className() + "." + n.local()));
            }));
    k.add(
        new Kind(
            "static array",
            (s, n) ->
                withMembers(
                    "static array",
                    "acc += " + n.local() + "[0];",
                    List.of(helper("static final int[] " + n.local() + " = {1, 2};")),
                    Messages.staticFieldRead("fuzz." + s.className() + "." + n.local()))));
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
                    "{ " + n.type() + " " + n.local() + " = null; acc += " + n.local() + ".a; }",
                    List.of(helper("static final class " + n.type() + " { int a; }")),
                    Messages.instanceField(n.type(), "a"))));
    k.add(
        new Kind(
            "class literal",
            (s, n) ->
                statement(
                    "class literal",
                    n.pick(
                        "{ Object " + n.local() + " = " + s.className() + ".class; }",
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
                            + n.local()
                            + " = MapType.HASH; switch ("
                            + n.local()
                            + ") { case HASH: acc++; break; default: acc--; } }",
                        "acc += MapType.ARRAY.ordinal();"),
                    "cannot read static field io.bpf4j.lang.MapType.")));
  }

  private static void mapsAndAtomics(List<Kind> k) {
    String mapInLocal = Messages.mapInLocal();
    k.add(
        new Kind(
            "map in a local",
            (s, n) ->
                statement(
                    "map in a local",
                    "{ BpfMap<Integer, Rec> " + n.local() + " = recs; }",
                    mapInLocal)));
    k.add(
        new Kind(
            "map chosen at run time",
            (s, n) ->
                statement(
                    "map chosen at run time",
                    "{ Rec " + n.local() + " = (" + n.var(s) + " > 3 ? recs : recs2).lookup(1); }",
                    mapInLocal)));
    k.add(
        new Kind(
            "map passed to a method",
            (s, n) ->
                withMembers(
                    "map passed to a method",
                    "acc += " + n.local() + "(counts);",
                    List.of(
                        helper(
                            "static int " + n.local() + "(BpfMap<Integer, Long> m) { return 0; }")),
                    mapInLocal)));
    k.add(
        new Kind(
            "null key",
            (s, n) ->
                statement(
                    "null key",
                    n.pick(
                        "{ Rec " + n.local() + " = recs.lookup(null); }",
                        "counts.update(1, null, BpfMap.ANY);"),
                    "must not be null")));
    k.add(
        new Kind(
            "value of an atomic update",
            (s, n) -> {
              String[][] uses = {
                {"long " + n.local(1) + " = " + n.local() + ".hits++;", "hits"},
                {"acc += (" + n.local() + ".flags += 2);", "flags"},
                {"lacc = " + n.local() + ".hits -= 3;", "hits"},
              };
              String[] use = uses[n.rnd().nextInt(uses.length)];
              return statement(
                  "value of an atomic update",
                  "{ Rec " + n.local() + " = new Rec(); " + use[0] + " }",
                  Messages.atomicResultUsed(use[1]));
            }));
    k.add(
        new Kind(
            "unsupported atomic operation",
            (s, n) -> {
              String[][] ops = {
                {n.local() + ".hits *= 3;", "hits"},
                {n.local() + ".flags <<= 1;", "flags"},
                {n.local() + ".hits /= 2;", "hits"},
              };
              String[] op = ops[n.rnd().nextInt(ops.length)];
              return statement(
                  "unsupported atomic operation",
                  "{ Rec " + n.local() + " = new Rec(); " + op[0] + " }",
                  Messages.atomicUnsupportedOp(op[1]));
            }));
  }
}
