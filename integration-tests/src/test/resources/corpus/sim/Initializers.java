package corpus.sim;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.SkBuff;

/**
 * A field initializer and a constructor body of a stack struct: in Java {@code new Seeded()} has
 * {@code seven == 7} and {@code big == 1L << 40}, so a 46-byte packet returns 7 + 256 + 46 = 309.
 */
@License("GPL")
public final class Initializers {
  @Struct
  public static final class Seeded {
    public int seven = 7;
    public long big;

    public Seeded() {
      big = 1L << 40;
    }
  }

  @Section("socket")
  public static int initialized(SkBuff skb) {
    Seeded s = new Seeded();
    return s.seven + (int) (s.big >> 32) + skb.len();
  }

  private Initializers() {}
}
