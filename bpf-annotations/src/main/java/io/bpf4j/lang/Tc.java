package io.bpf4j.lang;

/** tc and tcx program return codes ({@code TC_ACT_*}, {@code TCX_*}). */
public final class Tc {
  public static final int ACT_UNSPEC = -1;
  public static final int ACT_OK = 0;
  public static final int ACT_RECLASSIFY = 1;
  public static final int ACT_SHOT = 2;
  public static final int ACT_PIPE = 3;
  public static final int ACT_STOLEN = 4;
  public static final int ACT_QUEUED = 5;
  public static final int ACT_REPEAT = 6;
  public static final int ACT_REDIRECT = 7;
  public static final int ACT_TRAP = 8;

  /** tcx: continue with the next program. */
  public static final int TCX_NEXT = -1;

  public static final int TCX_PASS = 0;
  public static final int TCX_DROP = 2;
  public static final int TCX_REDIRECT = 7;

  private Tc() {}
}
