package io.bpf4j.testing;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one simulated run.
 *
 * @param returnValue the program's return value: the kernel's u32 {@code retval} as an int
 * @param printk the {@code Bpf.printk} lines of this run, without their trailing newline
 * @param failure what ended the program early with 0 where Java would have thrown: an {@link
 *     ArithmeticException} (division by zero), a {@link NullPointerException} (a null map value),
 *     an {@link ArrayIndexOutOfBoundsException}, or a {@link PacketReadException}
 * @param programs the programs that ran: the entry, then each tail call's target
 */
public record SimResult(
    int returnValue, List<String> printk, Optional<Throwable> failure, List<SimProgram> programs) {
  public SimResult {
    printk = List.copyOf(printk);
    programs = List.copyOf(programs);
  }
}
