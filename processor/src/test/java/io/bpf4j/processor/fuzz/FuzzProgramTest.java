package io.bpf4j.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.testprograms.ProgramClass;
import io.bpf4j.testprograms.Reductions;
import io.bpf4j.testprograms.Stmt;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fuzz's layer over the shared generator: holes, their scopes, and where injections print. */
class FuzzProgramTest {
  private static FuzzProgram program(long seed) {
    return FuzzProgram.generate(new Random(seed), "Fuzz_t");
  }

  @Test
  void everyHoleHasAScopeWithAcc() {
    for (long seed = 0; seed < 30; seed++) {
      FuzzProgram p = program(seed);
      List<Stmt.Hole> holes = p.holes();
      assertFalse(holes.isEmpty());
      for (Stmt.Hole h : holes) {
        Scope s = p.scopes().get(h.id());
        assertTrue(s.ints().contains("acc"), s.toString());
        assertEquals("Fuzz_t", s.className());
      }
    }
  }

  @Test
  void anInjectedStatementIsOnTheLineItBlames() {
    FuzzProgram p = program(3);
    Stmt.Hole hole = p.holes().get(p.holes().size() / 2);
    Injection i = new Injection("test", "acc += 1.5f > 0 ? 1 : 0;", true, List.of(), List.of("x"));
    FuzzProgram.Rendered r = p.render(List.of(new FuzzProgram.Placement(hole.id(), i)));
    int line = r.blamedLines().iterator().next();
    assertEquals(i.statement(), r.source().split("\n")[line - 1].strip());
    assertEquals(p.render().source().split("\n").length + 1, r.source().split("\n").length);
  }

  @Test
  void shrinkingKeepsTheHolesThatHoldInjections() {
    FuzzProgram p = program(5);
    int id = p.holes().get(p.holes().size() - 1).id();
    for (ProgramClass smaller : Reductions.of(p.program(), FuzzProgram.keeping(Set.of(id)))) {
      assertTrue(p.with(smaller).holes().stream().anyMatch(h -> h.id() == id));
      assertTrue(p.with(smaller).render().source().contains("int acc = 1;"));
    }
  }

  /** Nothing is compiled after a division by constant zero: no hole may be there. */
  @Test
  void noHoleFollowsAnAlwaysFailingStatement() {
    int failing = 0;
    for (long seed = 0; seed < 60; seed++) {
      for (ProgramClass.Program p : program(seed).program().programs()) {
        failing += check(p.body(), false);
        for (ProgramClass.HelperDef h : p.helpers()) {
          failing += check(h.body(), false);
        }
      }
    }
    assertTrue(failing > 0, "no always-failing statement in 60 programs");
  }

  /** The always-failing statements in {@code b}, checking that no hole follows one. */
  private static int check(Stmt.Block b, boolean dead) {
    int failing = 0;
    for (Stmt s : b.stmts()) {
      assertFalse(dead && s instanceof Stmt.Hole, "a hole after an always-failing statement");
      for (Stmt.Block inner : s.blocks()) {
        failing += check(inner, dead);
      }
      if (Stmt.alwaysFails(s)) {
        failing++;
        dead = true;
      }
    }
    return failing;
  }
}
