package io.bpf4j.testprograms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.testprograms.ProgramClass.Program;
import io.bpf4j.testprograms.ProgramGenerator.Knobs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ShrinkerTest {
  /** Lists one element shorter, each way. */
  private static List<List<Integer>> shorter(List<Integer> xs) {
    List<List<Integer>> out = new ArrayList<>();
    for (int i = 0; i < xs.size(); i++) {
      List<Integer> c = new ArrayList<>(xs);
      c.remove(i);
      out.add(c);
    }
    return out;
  }

  private static <T> Shrinker.Tester<T> first(Predicate<T> stillFails) {
    return batch -> {
      for (int i = 0; i < batch.size(); i++) {
        if (stillFails.test(batch.get(i))) {
          return i;
        }
      }
      return -1;
    };
  }

  @Test
  void shrinksToASmallestFailingInput() {
    Predicate<List<Integer>> fails = xs -> xs.contains(7) && xs.contains(3);
    for (int batch : new int[] {1, 4}) {
      Shrinker.Result<List<Integer>> r =
          new Shrinker<List<Integer>>(
                  ShrinkerTest::shorter, first(fails), batch, 1000, Instant.now().plusSeconds(10))
              .shrink(List.of(1, 7, 5, 3, 9, 3));
      assertEquals(2, r.smallest().size(), r.toString());
      assertTrue(fails.test(r.smallest()));
    }
  }

  @Test
  void stopsAtTheBudget() {
    Shrinker.Result<List<Integer>> r =
        new Shrinker<List<Integer>>(
                ShrinkerTest::shorter, first(xs -> true), 1, 3, Instant.now().plusSeconds(10))
            .shrink(List.of(1, 2, 3, 4, 5, 6));
    assertEquals(3, r.tested());
    assertEquals(3, r.smallest().size());
  }

  /**
   * Fuzz programs reduce too: struct keys (which have no primitive type) are left alone, and every
   * step prints.
   */
  @Test
  void fuzzProgramsReduce() {
    int keyed = 0;
    for (long seed = 0; seed < 20; seed++) {
      ProgramClass c = new ProgramGenerator(seed, Knobs.FUZZ).generateClass("t", "T", 2, true);
      String source = ClassSource.of(c, "test");
      keyed += source.contains("k.lookup(") || source.contains("k.update(") ? 1 : 0;
      List<ProgramClass> steps = Reductions.of(c, s -> false);
      assertTrue(steps.size() > 10);
      for (ProgramClass step : steps) {
        assertTrue(ClassSource.of(step, "test").contains("class T "));
      }
    }
    assertTrue(keyed > 0, "no struct-keyed map operation in 20 fuzz classes");
  }

  /** Every reduction of a program keeps the statements it is told to keep. */
  @Test
  void reductionsKeepWhatTheyAreToldTo() {
    Program p =
        new ProgramGenerator(7, Knobs.DIFFERENTIAL)
            .generateClass("t", "T", 1, true)
            .programs()
            .get(0);
    Stmt kept = p.body().stmts().get(1);
    List<Stmt> withHole = new ArrayList<>(p.body().stmts());
    withHole.add(2, new Stmt.Hole(5));
    Program holed = p.withBody(new Stmt.Block(withHole));
    Predicate<Stmt> keep = s -> s.equals(new Stmt.Hole(5));
    List<Program> steps = Reductions.of(holed, keep);
    assertTrue(steps.size() > 10);
    for (Program step : steps) {
      assertTrue(contains(step.body(), new Stmt.Hole(5)), "a step lost the hole");
    }
    assertTrue(Reductions.of(p).stream().anyMatch(s -> !contains(s.body(), kept)));
  }

  private static boolean contains(Stmt.Block b, Stmt s) {
    for (Stmt t : b.stmts()) {
      if (t.equals(s)) {
        return true;
      }
      for (Stmt.Block inner : t.blocks()) {
        if (contains(inner, s)) {
          return true;
        }
      }
    }
    return false;
  }
}
