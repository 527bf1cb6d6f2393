package io.bpf4j.processor.fuzz;

import java.util.List;
import java.util.Random;

/** The random choices of a generator, from one seeded {@link Random} so that a seed replays. */
final class Dice {
  private final Random rnd;

  Dice(Random rnd) {
    this.rnd = rnd;
  }

  int below(int n) {
    return rnd.nextInt(n);
  }

  boolean coin() {
    return rnd.nextBoolean();
  }

  boolean oneIn(int n) {
    return rnd.nextInt(n) == 0;
  }

  @SafeVarargs
  final <T> T pick(T... options) {
    return options[rnd.nextInt(options.length)];
  }

  <T> T pick(List<T> options) {
    return options.get(rnd.nextInt(options.size()));
  }
}
