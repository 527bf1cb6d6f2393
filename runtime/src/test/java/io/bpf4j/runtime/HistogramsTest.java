package io.bpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text of log2 histograms and tables. */
class HistogramsTest {
  @Test
  void log2PrintsEverySlotUpToTheLastNonEmptyOne() {
    String text = Histograms.log2(new long[] {0, 3, 24, 12, 0, 0}, "bytes");
    assertEquals(
        String.join(
            "\n",
            "bytes           : count    distribution",
            "     0 -> 1     : 0        |                                        |",
            "     2 -> 3     : 3        |*****                                   |",
            "     4 -> 7     : 24       |****************************************|",
            "     8 -> 15    : 12       |********************                    |"),
        text);
  }

  @Test
  void wideRangesWidenTheColumns() {
    long[] counts = new long[21];
    counts[20] = 1;
    String last = Histograms.log2(counts, null).lines().reduce((a, b) -> b).orElseThrow();
    assertEquals(" 1048576 -> 2097151 : 1        |****************************************|", last);
  }

  @Test
  void anEmptyHistogramIsItsHeader() {
    assertEquals("value           : count    distribution", Histograms.log2(new long[0], ""));
  }

  @Test
  void tablesAlignNumbersRight() {
    assertEquals(
        String.join("\n", "key  pkts  bytes", "0       0      0", "1      20   1340"),
        Tables.layout(
            List.of("key", "pkts", "bytes"),
            List.of(List.of("0", "0", "0"), List.of("1", "20", "1340"))));
  }
}
