package corpus.harness;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.SkBuff;

/**
 * Not a corpus program: CorpusHarnessTest compiles it to check that a program the processor
 * rejects fails with javac's diagnostics, file and line included.
 */
@License("GPL")
public final class RejectedByJavac {
  @Section("socket")
  public static int average(SkBuff skb) {
    double half = skb.len() / 2.0;
    return (int) half;
  }

  private RejectedByJavac() {}
}
