package io.bpf4j.processor.ir;

/** Prints a function's IR as text, for golden tests and debugging. */
public final class IrPrinter {
  private IrPrinter() {}

  public static String print(Function f) {
    StringBuilder sb = new StringBuilder();
    sb.append("function ").append(f.name()).append('\n');
    for (Block b : f.blocks()) {
      sb.append(b).append(":\n");
      for (Insn i : b.insns()) {
        sb.append("  ").append(i);
        if (i.line() > 0) {
          sb.append("    ; line ").append(i.line());
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
