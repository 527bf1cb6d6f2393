package io.bpf4j.testing;

/**
 * BPF code passed null as a map key or value (a map value it looked up and found missing). Java
 * would throw at the dereference; the compiled program checks the pointer before the helper call
 * (the verifier demands it) and ends with 0, and the simulator does the same, reporting this as the
 * run's {@link SimResult#failure()}.
 */
public final class NullArgumentException extends NullPointerException {
  NullArgumentException(String map, String what) {
    super("a null " + what + " passed to map " + map + "; the program ends with 0");
  }
}
