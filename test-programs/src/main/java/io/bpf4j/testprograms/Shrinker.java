package io.bpf4j.testprograms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Greedy shrinking of a failing test input (a program, a class): take the one-step-smaller
 * candidates ({@link Reductions}), test them in batches, move to the first that still fails the
 * same way, and start again from there, until no candidate fails or the budget is spent. Batches
 * let a caller compile many candidates in one javac run; a candidate is never tested twice.
 *
 * @param <T> what is shrunk
 */
public final class Shrinker<T> {
  /** Tests a batch of candidates. */
  public interface Tester<T> {
    /** The index of the first candidate that still fails the same way, or -1. */
    int firstStillFailing(List<T> candidates);
  }

  /** The smallest failing input found, and how many steps led there. */
  public record Result<T>(T smallest, int steps, int tested) {}

  private final Function<T, List<T>> reductions;
  private final Tester<T> tester;
  private final int batchSize;
  private final int maxTests;
  private final Instant deadline;
  private final Set<T> tried = new HashSet<>();
  private int tested;

  /**
   * @param reductions the candidates one step smaller than an input, biggest steps first
   * @param tester what tells which candidates still fail
   * @param batchSize how many candidates the tester gets at once
   * @param maxTests at most this many candidates are tested
   * @param deadline no batch is started after this
   */
  public Shrinker(
      Function<T, List<T>> reductions,
      Tester<T> tester,
      int batchSize,
      int maxTests,
      Instant deadline) {
    this.reductions = reductions;
    this.tester = tester;
    this.batchSize = batchSize;
    this.maxTests = maxTests;
    this.deadline = deadline;
  }

  public Result<T> shrink(T failing) {
    T best = failing;
    tried.add(failing);
    int steps = 0;
    int start = 0;
    boolean progress = true;
    while (progress && withinBudget()) {
      progress = false;
      List<T> candidates = new ArrayList<>(reductions.apply(best));
      candidates.removeIf(tried::contains);
      for (int from = 0; from < candidates.size() && withinBudget(); ) {
        // Resume near where the last step succeeded: the steps before it were just tried.
        int at = (start + from) % candidates.size();
        List<T> batch = new ArrayList<>();
        for (int i = 0; i < batchSize && from < candidates.size(); i++, from++) {
          batch.add(candidates.get((start + from) % candidates.size()));
        }
        tried.addAll(batch);
        tested += batch.size();
        int hit = tester.firstStillFailing(batch);
        if (hit >= 0) {
          best = batch.get(hit);
          steps++;
          start = at + hit;
          progress = true;
          break;
        }
      }
    }
    return new Result<>(best, steps, tested);
  }

  private boolean withinBudget() {
    return tested < maxTests && Instant.now().isBefore(deadline);
  }
}
