package io.bpf4j.lang;

/** XDP program return codes ({@code enum xdp_action}). */
public final class Xdp {
  public static final int ABORTED = 0;
  public static final int DROP = 1;
  public static final int PASS = 2;
  public static final int TX = 3;
  public static final int REDIRECT = 4;

  private Xdp() {}
}
