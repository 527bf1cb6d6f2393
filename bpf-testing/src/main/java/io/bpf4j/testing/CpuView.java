package io.bpf4j.testing;

/** The simulated CPUs: the one BPF code runs on now, and how many per-CPU maps hold values for. */
interface CpuView {
  int currentCpu();

  int possibleCpus();
}
