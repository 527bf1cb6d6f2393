package io.bpf4j.processor.fuzz;

import static io.bpf4j.processor.fuzz.UnsupportedConstructs.blamed;
import static io.bpf4j.processor.fuzz.UnsupportedConstructs.helper;
import static io.bpf4j.processor.fuzz.UnsupportedConstructs.member;

import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.fuzz.UnsupportedConstructs.Kind;
import java.util.List;

/**
 * Misused declarations, reported on the member: @Struct, @Atomic, @Map, @Section, @Helper
 * and @TailCallTarget.
 */
final class DeclarationConstructs {
  private DeclarationConstructs() {}

  static void addTo(List<Kind> k) {
    annotations(k);
  }

  private static void annotations(List<Kind> k) {
    k.add(
        new Kind(
            "struct field of an unsupported type",
            (s, n) -> {
              String type = n.pick("float", "double", "String", "int[]", "Rec");
              // An array field is supported once it has a constant length; without one the
              // message asks for it instead of refusing the type.
              String expected =
                  type.equals("int[]")
                      ? Messages.structArrayLength(n.type(), "f")
                      : Messages.structFieldType(n.type(), "f");
              return member(
                  "struct field of an unsupported type",
                  "@Struct public static final class " + n.type() + " { public " + type + " f; }",
                  expected);
            }));
    k.add(
        new Kind(
            "struct initialized in Java",
            (s, n) ->
                member(
                    "struct initialized in Java",
                    n.pick(
                        "@Struct public static final class "
                            + n.type()
                            + " { public int a = 5; public long b; }",
                        "@Struct public static final class "
                            + n.type()
                            + " { public int a; public "
                            + n.type()
                            + "() { a = 7; } }",
                        "@Struct public static final class "
                            + n.type()
                            + " { public int a; { a = 9; } }"),
                    Messages.structInitializer(n.type()))));
    k.add(
        new Kind(
            "struct extending another",
            (s, n) ->
                new Injection(
                    "struct extending another",
                    null,
                    false,
                    List.of(
                        helper(
                            "@Struct public static class " + n.type() + "Base { public long x; }"),
                        blamed(
                            "@Struct public static final class "
                                + n.type()
                                + " extends "
                                + n.type()
                                + "Base { public long y; }")),
                    List.of(Messages.structExtends(n.type(), n.type() + "Base")))));
    k.add(
        new Kind(
            "@Atomic field too small",
            (s, n) ->
                member(
                    "@Atomic field too small",
                    "@Struct public static final class "
                        + n.type()
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
                  "@Map(type = MapType.HASH, maxEntries = 4) static "
                      + type
                      + " "
                      + n.local()
                      + ";",
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
                            + n.local()
                            + ";",
                        "@Map(type = MapType.HASH, maxEntries = 4) static java.util.Map<Integer,"
                            + " Long> "
                            + n.local()
                            + ";",
                        "@Map(type = MapType.HASH, maxEntries = 4) static long " + n.local() + ";"),
                    Messages.mapFieldShape(n.local()))));
    k.add(
        new Kind(
            "map size",
            (s, n) ->
                member(
                    "map size",
                    n.pick(
                        "@Map(type = MapType.HASH, maxEntries = 0) static BpfMap<Integer, Long> "
                            + n.local()
                            + ";",
                        "@Map(type = MapType.RINGBUF, maxEntries = 1000) static RingBuf<Rec> "
                            + n.local()
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
                            + n.local()
                            + "(SkBuff skb) { return 0; }",
                        "@Section(\"socket\") public static long "
                            + n.local()
                            + "(SkBuff skb) { return 0; }",
                        "@Section(\"socket\") public int "
                            + n.local()
                            + "(SkBuff skb) { return 0; }",
                        "@Section(\"sockets\") public static int "
                            + n.local()
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
                        "@Helper(id = 5) static long " + n.local() + "() { return 0; }",
                        "@Helper(id = 5) native long " + n.local() + "();"),
                    Messages.helperShape(n.local()))));
    k.add(
        new Kind(
            "tail call target",
            (s, n) ->
                member(
                    "tail call target",
                    "@Section(\"socket\") @TailCallTarget(map = \""
                        + n.pick("recs", "nothing")
                        + "\", index = 0) public static int "
                        + n.local()
                        + "(SkBuff skb) { return 0; }",
                    "@TailCallTarget names map")));
  }
}
