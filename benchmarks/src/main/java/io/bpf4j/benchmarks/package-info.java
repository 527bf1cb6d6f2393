/**
 * Benchmarks that print bpf4j's numbers next to the equivalent clang/libbpf numbers measured in the
 * same run. They are mains, not tests: run them with {@code scripts/bench}.
 */
package io.bpf4j.benchmarks;
