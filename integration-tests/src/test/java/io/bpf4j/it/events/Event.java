package io.bpf4j.it.events;

/**
 * The record of corpus/SequencedEvents.java and c/perf_output.c, as user space declares it: the
 * same fields in the same order (C layout: 24 bytes).
 */
public final class Event {
  public long seq;
  public long when;
  public int len;
  public int cpu;
}
