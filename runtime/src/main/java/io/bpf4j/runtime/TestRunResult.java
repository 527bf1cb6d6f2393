package io.bpf4j.runtime;

/**
 * The result of running a program on a packet with {@code BPF_PROG_TEST_RUN} (kernel 4.12+).
 *
 * @param retval the program's return value
 * @param averageNs the average run time over the repetitions, in nanoseconds
 * @param dataOut the packet after the program ran
 */
public record TestRunResult(int retval, long averageNs, byte[] dataOut) {}
