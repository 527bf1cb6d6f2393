package io.bpf4j.runtime.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The CPUs that are online now, from {@code /sys/devices/system/cpu/online} ({@code "0-3,5"}): a
 * perf buffer opens one perf event per online CPU, as libbpf does, since {@code perf_event_open}
 * fails on an offline one.
 */
final class OnlineCpus {
  private OnlineCpus() {}

  static int[] read() {
    try {
      return parse(Files.readString(Path.of("/sys/devices/system/cpu/online")));
    } catch (IOException | RuntimeException e) {
      int n = Runtime.getRuntime().availableProcessors();
      int[] all = new int[n];
      Arrays.setAll(all, i -> i);
      return all;
    }
  }

  /** Parses the kernel's CPU list format: comma-separated numbers and {@code a-b} ranges. */
  static int[] parse(String list) {
    int[] out = new int[16];
    int n = 0;
    for (String part : list.trim().split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] range = part.trim().split("-");
      int from = Integer.parseInt(range[0].trim());
      int to = Integer.parseInt(range[range.length - 1].trim());
      for (int cpu = from; cpu <= to; cpu++) {
        if (n == out.length) {
          out = Arrays.copyOf(out, n * 2);
        }
        out[n++] = cpu;
      }
    }
    return Arrays.copyOf(out, n);
  }
}
