package io.bpf4j.runtime.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The number of possible CPUs: how many values a per-CPU map holds per key. */
final class PossibleCpus {
  private static volatile int count;

  private PossibleCpus() {}

  static int count() {
    int c = count;
    if (c == 0) {
      c = read();
      count = c;
    }
    return c;
  }

  private static int read() {
    try {
      String s = Files.readString(Path.of("/sys/devices/system/cpu/possible")).trim();
      int max = 0;
      for (String part : s.split(",")) {
        String[] range = part.split("-");
        max = Math.max(max, Integer.parseInt(range[range.length - 1].trim()));
      }
      return max + 1;
    } catch (IOException | RuntimeException e) {
      return Runtime.getRuntime().availableProcessors();
    }
  }
}
