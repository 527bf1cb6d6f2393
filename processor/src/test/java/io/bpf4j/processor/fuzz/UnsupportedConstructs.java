package io.bpf4j.processor.fuzz;

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
 * members alone (annotation misuse, reported on the member). The constructs themselves are in
 * {@link LanguageConstructs}, {@link CallConstructs}, {@link DataConstructs} and {@link
 * DeclarationConstructs}.
 */
public final class UnsupportedConstructs {
  private UnsupportedConstructs() {}

  /** A construct that can be built for a hole's scope: null when it does not apply there. */
  record Kind(String name, BiFunction<Scope, Names, Injection> build) {}

  /** Fresh names for one injection, and the random choices it makes. */
  record Names(String local, String type, Random rnd) {
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

  static Injection statement(String kind, String text, String... messages) {
    return new Injection(kind, text, true, List.of(), List.of(messages));
  }

  static Injection withMembers(String kind, String text, List<Member> members, String... messages) {
    return new Injection(kind, text, true, members, List.of(messages));
  }

  /** A call of members that are to blame, not the statement that calls them. */
  static Injection calling(String kind, String text, List<Member> members, String... messages) {
    return new Injection(kind, text, false, members, List.of(messages));
  }

  static Member helper(String text) {
    return new Member(text, false);
  }

  static Member blamed(String text) {
    return new Member(text, true);
  }

  /** A member-only construct: the error is on the member. */
  static Injection member(String kind, String text, String... messages) {
    return new Injection(kind, null, false, List.of(blamed(text)), List.of(messages));
  }

  private static List<Kind> kinds() {
    List<Kind> k = new ArrayList<>();
    LanguageConstructs.addTo(k);
    CallConstructs.addTo(k);
    DataConstructs.addTo(k);
    DeclarationConstructs.addTo(k);
    return List.copyOf(k);
  }
}
