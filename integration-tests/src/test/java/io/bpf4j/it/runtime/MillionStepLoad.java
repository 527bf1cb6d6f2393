package io.bpf4j.it.runtime;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.insn.Assembler;
import io.bpf4j.object.insn.Label;
import io.bpf4j.object.insn.Opcode;
import io.bpf4j.object.insn.Register;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.VerifierException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Child JVM of {@link MillionStepRejectionTest}: loads a loop that the verifier follows step by
 * step until its budget of a million instructions runs out, and reports the rejection's cost (wall
 * time, peak RSS) and what the exception carried, as {@code key=value} lines.
 */
public final class MillionStepLoad {
  private MillionStepLoad() {}

  static final String FILE = "Looping.java";

  public static void main(String[] args) throws Exception {
    Map<Integer, String> lines = new LinkedHashMap<>();
    lines.put(30, "long i = 0;");
    lines.put(31, "do { i++;");
    lines.put(32, "} while (i < 2_000_000);");
    lines.put(33, "return 0;");
    Label loop = new Label("loop");
    Assembler a = new Assembler();
    a.line(30, 5).mov64(Register.R0, 0);
    a.bind(loop);
    a.line(31, 5).alu(true, Opcode.ADD, Register.R0, 1);
    a.line(32, 5).jmp(Opcode.JLT, Register.R0, 2_000_000, loop);
    a.line(33, 5).mov64(Register.R0, 0).exit();
    byte[] elf =
        AssembledObjects.skbProgram("socket", "prog", a, FILE, lines, new Btf(), List.of());
    long start = System.nanoTime();
    try {
      BpfRuntime.load(elf, "looping").close();
      System.out.println("outcome=loaded");
    } catch (VerifierException e) {
      System.out.println("outcome=rejected");
      System.out.println("millis=" + (System.nanoTime() - start) / 1_000_000);
      System.out.println("errno=" + e.errno());
      System.out.println("location=" + e.sourceLocation());
      System.out.println("logLength=" + e.log().length());
      System.out.println("logTrueSize=" + e.logTrueSize());
      System.out.println("message=" + e.getMessage().replace("\n", "\\n"));
    }
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        System.out.println("peakRssKb=" + line.replaceAll("\\D", ""));
      }
    }
  }
}
