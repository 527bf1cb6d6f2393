package io.bpf4j.it.runtime;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.insn.Assembler;
import io.bpf4j.object.insn.Opcode;
import io.bpf4j.object.insn.Register;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.TracePipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Child JVM of {@link PrivilegeMatrixTest}, run with a reduced capability set: tries each scenario
 * named in its arguments and reports {@code <scenario>.outcome} ({@code ok} or {@code exception}),
 * {@code <scenario>.errno} and {@code <scenario>.message} (newlines escaped), and its own {@code
 * capeff}.
 *
 * <ul>
 *   <li>{@code socket}: a socket filter that returns 0
 *   <li>{@code printk}: a socket filter that calls {@code bpf_trace_printk}
 *   <li>{@code tc}: a tc classifier (a networking type: CAP_NET_ADMIN)
 *   <li>{@code tracepoint}: a tracepoint program (a tracing type: CAP_PERFMON)
 *   <li>{@code tracepipe}: {@link TracePipe#open()}
 * </ul>
 */
public final class PrivilegeProbe {
  private PrivilegeProbe() {}

  private static final int HELPER_TRACE_PRINTK = 6;

  public static void main(String[] args) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("CapEff:")) {
        System.out.println("capeff=" + line.substring(7).trim());
      }
    }
    for (String scenario : args) {
      try {
        run(scenario);
        System.out.println(scenario + ".outcome=ok");
      } catch (BpfException e) {
        System.out.println(scenario + ".outcome=exception");
        System.out.println(scenario + ".errno=" + e.errno());
        System.out.println(scenario + ".message=" + e.getMessage().replace("\n", "\\n"));
      }
    }
  }

  private static void run(String scenario) {
    switch (scenario) {
      case "socket" -> load("socket", new Assembler().mov64(Register.R0, 0).exit());
      case "printk" -> load("socket", printk());
      case "tc" -> load("tc", new Assembler().mov64(Register.R0, 0).exit());
      case "tracepoint" ->
          load(
              "tracepoint/syscalls/sys_enter_getpid", new Assembler().mov64(Register.R0, 0).exit());
      case "tracepipe" -> TracePipe.open().close();
      default -> throw new IllegalArgumentException(scenario);
    }
  }

  /** {@code bpf_trace_printk("hi\n", 4); return 0;} */
  private static Assembler printk() {
    return new Assembler()
        .line(7, 5)
        .st(8, Register.R10, -8, 0x0a6968)
        .mov64(Register.R1, Register.R10)
        .alu(true, Opcode.ADD, Register.R1, -8)
        .mov64(Register.R2, 4)
        .call(HELPER_TRACE_PRINTK)
        .line(8, 5)
        .mov64(Register.R0, 0)
        .exit();
  }

  private static void load(String section, Assembler code) {
    byte[] elf =
        AssembledObjects.skbProgram(
            section,
            "probe",
            code,
            "Probe.java",
            Map.of(7, "Bpf.printk(\"hi\\n\");", 8, "return 0;"),
            new Btf(),
            List.of());
    BpfRuntime.load(elf, "probe").close();
  }
}
