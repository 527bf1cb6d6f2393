package io.bpf4j.processor.fuzz;

import io.bpf4j.processor.fuzz.GeneratedClass.Method;
import io.bpf4j.processor.fuzz.Stmt.Block;
import io.bpf4j.processor.fuzz.Stmt.Hole;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Shrinks a failing program: removes statements, unwraps blocks and drops methods for as long as
 * the failure persists (the predicate is expected to reject candidates that javac itself refuses,
 * such as a use of a variable whose declaration went away). Holes holding injections are kept, and
 * so are programs and the calls of helper methods, without which an injection in a helper would no
 * longer be compiled at all (which would look like the same failure when the failure is that
 * nothing was reported).
 */
public final class Shrinker {
  private static final java.util.regex.Pattern HELPER_CALL =
      java.util.regex.Pattern.compile("\\bh\\d+\\(");

  private final Set<Integer> keep;
  private final Predicate<GeneratedClass> stillFails;
  private final long deadline;
  private final Set<String> tried = new java.util.HashSet<>();

  /** Whether an injection is in a helper, which only the calls of helpers make reachable. */
  private boolean keepCalls;

  private int attemptsLeft;

  private Shrinker(
      Set<Integer> keep, Predicate<GeneratedClass> stillFails, int maxAttempts, long seconds) {
    this.keep = keep;
    this.stillFails = stillFails;
    this.attemptsLeft = maxAttempts;
    this.deadline = System.nanoTime() + seconds * 1_000_000_000L;
  }

  /**
   * The smallest program found, within {@code maxAttempts} evaluations of {@code stillFails} and
   * {@code seconds}, that still fails; {@code keep} are the ids of the holes that hold injections.
   */
  public static GeneratedClass shrink(
      GeneratedClass program,
      Set<Integer> keep,
      Predicate<GeneratedClass> stillFails,
      int maxAttempts,
      long seconds) {
    return new Shrinker(keep, stillFails, maxAttempts, seconds).run(program);
  }

  private GeneratedClass run(GeneratedClass program) {
    for (Method m : program.methods()) {
      keepCalls |= !m.header().get(0).startsWith("@Section") && containsKept(m.body());
    }
    boolean changed = true;
    while (changed && attemptsLeft > 0) {
      changed = false;
      for (int m = program.methods().size() - 1; m >= 0 && attemptsLeft > 0; m--) {
        Method method = program.methods().get(m);
        if (containsKept(method.body()) || method.header().get(0).startsWith("@Section")) {
          continue;
        }
        int drop = m;
        GeneratedClass candidate =
            program.withMethods(
                ms -> {
                  List<Method> out = new ArrayList<>(ms);
                  out.remove(drop);
                  return out;
                });
        if (accept(candidate)) {
          program = candidate;
          changed = true;
        }
      }
      // The biggest statements first: one success removes the most. Numbers change with every
      // success, so the search starts again; candidates already tried are not compiled again.
      for (boolean unwrap : new boolean[] {false, true}) {
        boolean progress = true;
        while (progress && attemptsLeft > 0) {
          progress = false;
          for (int target : bySizeDescending(program)) {
            GeneratedClass candidate = rewrite(program, target, unwrap);
            if (attemptsLeft <= 0) {
              break;
            }
            if (candidate != null && accept(candidate)) {
              program = candidate;
              changed = true;
              progress = true;
              break;
            }
          }
        }
      }
    }
    return program;
  }

  private boolean accept(GeneratedClass candidate) {
    String key = candidate.methods().toString();
    if (!tried.add(key)) {
      return false;
    }
    attemptsLeft = System.nanoTime() > deadline ? 0 : attemptsLeft - 1;
    return stillFails.test(candidate);
  }

  /** Statement numbers (in preorder, holes not counted), biggest subtree first. */
  private static List<Integer> bySizeDescending(GeneratedClass program) {
    List<int[]> sizes = new ArrayList<>();
    int[] n = {0};
    program.methods().forEach(m -> sizes(m.body(), n, sizes));
    sizes.sort((a, b) -> Integer.compare(b[1], a[1]));
    return sizes.stream().map(a -> a[0]).toList();
  }

  /** Adds {number, size} of each statement of {@code body}; returns the statements' total size. */
  private static int sizes(List<Stmt> body, int[] n, List<int[]> out) {
    int total = 0;
    for (Stmt s : body) {
      if (s instanceof Hole) {
        continue;
      }
      int[] entry = {n[0]++, 1};
      out.add(entry);
      if (s instanceof Block b) {
        for (List<Stmt> inner : b.bodies()) {
          entry[1] += sizes(inner, n, out);
        }
      }
      total += entry[1];
    }
    return total;
  }

  /** The program with statement number {@code target} removed or unwrapped; null if no change. */
  private GeneratedClass rewrite(GeneratedClass program, int target, boolean unwrap) {
    int[] n = {0};
    boolean[] changed = {false};
    GeneratedClass out =
        program.withMethods(
            ms -> {
              List<Method> methods = new ArrayList<>();
              for (Method m : ms) {
                methods.add(new Method(m.header(), rewrite(m.body(), n, target, unwrap, changed)));
              }
              return methods;
            });
    return changed[0] ? out : null;
  }

  private List<Stmt> rewrite(
      List<Stmt> body, int[] n, int target, boolean unwrap, boolean[] changed) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      if (s instanceof Hole) {
        out.add(s);
        continue;
      }
      int id = n[0]++;
      if (id == target) {
        if (s instanceof Block b && unwrap) {
          b.bodies().forEach(out::addAll);
          changed[0] = true;
          continue;
        }
        if (!unwrap && !mustKeep(s)) {
          changed[0] = true;
          continue;
        }
      }
      if (s instanceof Block b) {
        List<List<Stmt>> bodies = new ArrayList<>();
        for (List<Stmt> inner : b.bodies()) {
          bodies.add(rewrite(inner, n, target, unwrap, changed));
        }
        out.add(new Block(b.headers(), bodies, b.close()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** Whether {@code s} holds an injection or calls a helper. */
  private boolean mustKeep(Stmt s) {
    if (s instanceof Stmt.Line l) {
      return keepCalls && HELPER_CALL.matcher(l.text()).find();
    }
    if (s instanceof Block b) {
      for (List<Stmt> inner : b.bodies()) {
        for (Stmt t : inner) {
          if (mustKeep(t)) {
            return true;
          }
        }
      }
      return false;
    }
    return keep.contains(((Hole) s).id());
  }

  private boolean containsKept(List<Stmt> body) {
    for (Stmt s : body) {
      if (s instanceof Hole h && keep.contains(h.id())) {
        return true;
      }
      if (s instanceof Block b) {
        for (List<Stmt> inner : b.bodies()) {
          if (containsKept(inner)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
