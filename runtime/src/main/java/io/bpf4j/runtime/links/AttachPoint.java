package io.bpf4j.runtime.links;

import io.bpf4j.object.kernel.AttachType;
import io.bpf4j.object.kernel.ProgramSections;

/**
 * Where a program's section says it attaches, read as libbpf's auto-attach reads it: {@code
 * tracepoint/<category>/<event>}, {@code raw_tp/<event>}, {@code tp_btf/<event>}, {@code
 * fentry/<fn>}, {@code lsm/<hook>}, {@code uprobe/<path>:<symbol>[+<offset>]}, ...; or, for a
 * section without a target ({@code xdp}, {@code cgroup_skb/ingress}, a bare {@code uprobe}), which
 * {@code Links} method attaches it.
 */
public sealed interface AttachPoint {

  /** {@code tracepoint/<category>/<event>} or {@code tp/...}: a perf event on the tracepoint. */
  record Tracepoint(String category, String event) implements AttachPoint {}

  /** {@code raw_tracepoint/<event>} or {@code raw_tp/...}: {@code BPF_RAW_TRACEPOINT_OPEN}. */
  record RawTracepoint(String event) implements AttachPoint {}

  /**
   * {@code tp_btf/}, {@code fentry/}, {@code fexit/}, {@code fmod_ret/}, {@code lsm/}, {@code
   * iter/}: the target was named at load ({@code attach_btf_id}), the link needs only the type.
   */
  record BtfTraced(AttachType attachType, String target) implements AttachPoint {}

  /** {@code uprobe/<path>:<symbol>[+<offset>]} or {@code uretprobe/...}. */
  record Uprobe(String binary, String symbol, long offset, boolean ret) implements AttachPoint {}

  /**
   * A section that names no target: {@code how} says which call attaches it ({@code
   * Links.cgroup(program, cgroupDir)}).
   */
  record Elsewhere(String how) implements AttachPoint {}

  /** What {@code section} says. */
  static AttachPoint of(String section) {
    String kind = section.contains("/") ? section.substring(0, section.indexOf('/')) : section;
    String rest = section.contains("/") ? section.substring(section.indexOf('/') + 1) : "";
    switch (kind) {
      case "tracepoint", "tp" -> {
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
          return new Elsewhere(
              "Links.tracepoint(program, category, event) (the section names no"
                  + " <category>/<event>)");
        }
        return new Tracepoint(rest.substring(0, slash), rest.substring(slash + 1));
      }
      case "raw_tracepoint", "raw_tp", "raw_tracepoint.w", "raw_tp.w" -> {
        return rest.isEmpty()
            ? new Elsewhere("Links.rawTracepoint(program, event)")
            : new RawTracepoint(rest);
      }
      case "tp_btf",
          "fentry",
          "fexit",
          "fmod_ret",
          "fentry.s",
          "fexit.s",
          "fmod_ret.s",
          "lsm",
          "lsm.s",
          "iter",
          "iter.s" -> {
        AttachType type = ProgramSections.forSection(section).orElseThrow().expectedAttachType();
        return rest.isEmpty()
            ? new Elsewhere("a section naming its target (" + kind + "/<name>): the load needs it")
            : new BtfTraced(type, rest);
      }
      case "uprobe", "uretprobe", "uprobe.s", "uretprobe.s" -> {
        return uprobe(rest, kind.startsWith("uretprobe"));
      }
      default -> {
        return new Elsewhere(elsewhere(section, kind));
      }
    }
  }

  private static AttachPoint uprobe(String rest, boolean ret) {
    int colon = rest.indexOf(':');
    if (rest.isEmpty() || colon <= 0 || colon == rest.length() - 1) {
      return new Elsewhere("Links.uprobe(program, binary, symbol, " + ret + ")");
    }
    String binary = rest.substring(0, colon);
    String function = rest.substring(colon + 1);
    int plus = function.indexOf('+');
    long offset = 0;
    if (plus >= 0) {
      String number = function.substring(plus + 1);
      try {
        offset = Long.decode(number);
      } catch (NumberFormatException e) {
        return new Elsewhere(
            "Links.uprobe(program, binary, symbol, "
                + ret
                + ") (the offset in the section, '"
                + number
                + "', is not a number)");
      }
      function = function.substring(0, plus);
    }
    return new Uprobe(binary, function, offset, ret);
  }

  private static String elsewhere(String section, String kind) {
    if (section.startsWith("cgroup") || section.equals("sockops")) {
      return "Links.cgroup(program, cgroupDir)";
    }
    return switch (kind) {
      case "xdp" -> "Links.xdp(program, ifname)";
      case "tc", "tcx", "classifier" ->
          "Links.tcx(program, ifname, direction), or Links.tc(...)" + " on kernels before 6.6";
      case "socket" -> "PacketSocket.bind(ifname).attach(program)";
      case "kprobe", "kretprobe", "ksyscall", "kretsyscall" ->
          "nothing yet: bpf4j does not" + " attach kprobes";
      default -> "nothing yet: bpf4j does not attach " + section + " programs";
    };
  }
}
