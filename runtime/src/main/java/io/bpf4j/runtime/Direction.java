package io.bpf4j.runtime;

/** The traffic direction a tc program attaches to. */
public enum Direction {
  INGRESS,
  EGRESS
}
