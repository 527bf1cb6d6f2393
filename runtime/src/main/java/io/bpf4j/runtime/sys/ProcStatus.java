package io.bpf4j.runtime.sys;

/** Fields of {@code /proc/<pid>/status}. */
final class ProcStatus {
  private ProcStatus() {}

  /** The hexadecimal {@code CapEff:} value, the effective capability set; -1 when absent. */
  static long capEff(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("CapEff:")) {
        try {
          return Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }
}
