package corpus.sim;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.SkBuff;

/**
 * Each execution of {@code new} makes a new object in Java, so {@code prev} still holds the
 * previous iteration's object when the next one is filled in. For a 46-byte packet (a 60-byte
 * frame to a socket filter) Java returns 46 + (4600 + 47) + (4700 + 48) = 9441.
 */
@License("GPL")
public final class NewInLoop {
  @Struct
  public static final class Cell {
    public int value;
  }

  @Section("socket")
  public static int objectsPerIteration(SkBuff skb) {
    Cell prev = null;
    int sum = 0;
    for (int i = 0; i < 3; i++) {
      Cell c = new Cell();
      c.value = skb.len() + i;
      if (prev != null) {
        sum += prev.value * 100;
      }
      sum += c.value;
      prev = c;
    }
    return sum;
  }

  private NewInLoop() {}
}
