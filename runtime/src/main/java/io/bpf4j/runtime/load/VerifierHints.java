package io.bpf4j.runtime.load;

import io.bpf4j.runtime.errors.Capability;
import io.bpf4j.runtime.errors.Privileges;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Advice for verifier rejections whose cause is not in the program. A helper the kernel gives only
 * to processes with CAP_PERFMON ({@code bpf_trace_printk}, the {@code bpf_probe_read_*} family)
 * makes the verifier say "unknown func" or "program of this type cannot use helper" when the
 * process lacks it: the fix is a capability, not the code.
 */
final class VerifierHints {
  private static final Pattern HELPER =
      Pattern.compile("(?:unknown func|program of this type cannot use helper) (\\w+)#\\d+");

  private VerifierHints() {}

  /** A hint for {@code reason}, given the process's effective capabilities; null when none. */
  static String forReason(String reason, long capEff) {
    Matcher m = HELPER.matcher(reason);
    if (!m.find()) {
      return null;
    }
    String helper = m.group(1);
    if (Privileges.PERFMON_HELPERS.contains(helper) && !Capability.PERFMON.grantedBy(capEff)) {
      return "hint: the kernel offers "
          + helper
          + " only to processes with CAP_PERFMON (or CAP_SYS_ADMIN), and this one lacks it;"
          + " grant CAP_PERFMON (setcap cap_bpf,cap_perfmon+ep on the java binary, or"
          + " AmbientCapabilities=CAP_BPF CAP_PERFMON in a systemd unit) or run as root";
    }
    return null;
  }
}
