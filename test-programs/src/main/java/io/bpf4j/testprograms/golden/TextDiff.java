package io.bpf4j.testprograms.golden;

import java.util.ArrayList;
import java.util.List;

/** A unified diff (3 lines of context) of two texts, line by line, for test failure messages. */
public final class TextDiff {
  private static final int CONTEXT = 3;

  private TextDiff() {}

  /** One line of the edit script: ' ', '-' or '+', with its positions in both texts. */
  private record Edit(char op, String line, int ai, int bi) {}

  public static String unified(String fromName, String toName, String from, String to) {
    List<Edit> edits = edits(from.lines().toList(), to.lines().toList());
    StringBuilder out = new StringBuilder("--- " + fromName + "\n+++ " + toName + "\n");
    int k = 0;
    while (k < edits.size()) {
      if (edits.get(k).op() == ' ') {
        k++;
        continue;
      }
      int start = Math.max(0, k - CONTEXT);
      int end = k;
      // Extend the hunk while changes are closer than twice the context.
      int lastChange = k;
      while (end < edits.size() && end - lastChange <= 2 * CONTEXT) {
        if (edits.get(end).op() != ' ') {
          lastChange = end;
        }
        end++;
      }
      end = Math.min(edits.size(), lastChange + CONTEXT + 1);
      List<Edit> hunk = edits.subList(start, end);
      long aCount = hunk.stream().filter(e -> e.op() != '+').count();
      long bCount = hunk.stream().filter(e -> e.op() != '-').count();
      out.append(
          String.format(
              "@@ -%d,%d +%d,%d @@%n", hunk.get(0).ai() + 1, aCount, hunk.get(0).bi() + 1, bCount));
      for (Edit e : hunk) {
        out.append(e.op()).append(e.line()).append('\n');
      }
      k = end;
    }
    return out.toString();
  }

  /** The shortest edit script, from a longest-common-subsequence table. */
  private static List<Edit> edits(List<String> a, List<String> b) {
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<Edit> edits = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        edits.add(new Edit(' ', a.get(i), i++, j++));
      } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
        edits.add(new Edit('+', b.get(j), i, j++));
      } else {
        edits.add(new Edit('-', a.get(i), i++, j));
      }
    }
    return edits;
  }
}
