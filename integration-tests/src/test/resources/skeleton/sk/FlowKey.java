package sk;

import io.bpf4j.annotations.Struct;

/** A top-level struct, used as a key. */
@Struct
public final class FlowKey {
  public int addr;
  public int port;
}
