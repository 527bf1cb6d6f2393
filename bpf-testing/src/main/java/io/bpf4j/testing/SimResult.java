package io.bpf4j.testing;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one simulated run.
 *
 * @param returnValue the program's return value: the kernel's u32 {@code retval} as an int
 * @param printk the {@code Bpf.printk} lines of this run, without their trailing newline
 * @param failure what ended the program early with its section's {@code onFault} value (default 0)
 *     where Java would have thrown: an {@link ArithmeticException} (division by zero), a {@link
 *     NullPointerException} (a null map value), an {@link ArrayIndexOutOfBoundsException}, a {@link
 *     PacketReadException} or a {@link PacketWriteException}
 * @param programs the programs that ran: the entry, then each tail call's target
 * @param dataOut the packet as {@code BPF_PROG_TEST_RUN} copies it to {@code data_out} after the
 *     run (for XDP the metadata and the frame; for socket filters and cgroup_skb programs behind 14
 *     zero bytes, where the kernel pushes an empty Ethernet header back); empty for programs
 *     without a packet
 * @param redirect where the packet went when the program returned {@code XDP_REDIRECT} or {@code
 *     TC_ACT_REDIRECT} after a redirect helper set a target
 */
public record SimResult(
    int returnValue,
    List<String> printk,
    Optional<Throwable> failure,
    List<SimProgram> programs,
    byte[] dataOut,
    Optional<SimRedirect> redirect) {
  public SimResult {
    printk = List.copyOf(printk);
    programs = List.copyOf(programs);
    dataOut = dataOut.clone();
  }

  /** A result without a packet. */
  public SimResult(
      int returnValue,
      List<String> printk,
      Optional<Throwable> failure,
      List<SimProgram> programs) {
    this(returnValue, printk, failure, programs, new byte[0], Optional.empty());
  }

  @Override
  public byte[] dataOut() {
    return dataOut.clone();
  }
}
