package io.bpf4j.lang;

/**
 * The registers of a {@code kprobe}, {@code kretprobe}, {@code uprobe} or {@code uretprobe} program
 * ({@code struct pt_regs}), read as the x86-64 calling convention places arguments and results.
 * bpf4j writes x86-64 objects: on other architectures the kernel's {@code pt_regs} has another
 * layout.
 */
public interface PtRegs extends BpfContext {
  /**
   * Argument {@code n} of the probed function ({@code n} a constant from 0 to 5: {@code di, si, dx,
   * cx, r8, r9}), as libbpf's {@code PT_REGS_PARM1..6}. Meaningful at the function's entry.
   */
  long arg(int n);

  /** The return value ({@code ax}), as {@code PT_REGS_RC}: meaningful in a return probe. */
  long ret();

  /** The instruction pointer ({@code ip}). */
  long ip();

  /** The stack pointer ({@code sp}). */
  long sp();
}
