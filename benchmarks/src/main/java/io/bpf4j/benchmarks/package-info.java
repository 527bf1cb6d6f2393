/**
 * Benchmarks that print bpf4j's numbers next to the equivalent clang/libbpf numbers measured in the
 * same run, against the aims of issue 6. They are mains, not tests: run them with {@code
 * scripts/bench [Name]}, which builds this reactor (installing nothing) and runs them as root.
 *
 * <ul>
 *   <li>{@link io.bpf4j.benchmarks.SuiteBenchmark}: code quality, every suite program in Java
 *       (ours) and C (clang-19 -O2): instruction slots, the verifier's processed instructions, JIT
 *       bytes and ns per {@code BPF_PROG_TEST_RUN}, with ratios and geometric means;
 *   <li>{@link io.bpf4j.benchmarks.JavacCostBenchmark}: what the processor adds to javac over 50
 *       program classes, per class;
 *   <li>{@link io.bpf4j.benchmarks.LoadLatencyBenchmark}: {@code BpfRuntime.load} against a libbpf
 *       C loader, warm, with where each loader's time goes;
 *   <li>{@link io.bpf4j.benchmarks.MapReadBenchmark}: reading a 1,000,000-entry map against
 *       libbpf's batch lookup and bpftool.
 * </ul>
 *
 * <p>The suite's programs and how their objects are built are in {@code Suite}; the Java programs
 * have golden listings in integration-tests ({@code SuiteListingTest}).
 */
package io.bpf4j.benchmarks;
