package golden;

import io.bpf4j.annotations.*;
import io.bpf4j.lang.*;

@License("GPL")
/**
 * Java bytes and shorts read from a map value and used unsigned ({@code b & 0xff}): loaded with the
 * zero-extending load, and the mask dropped; a byte also used signed keeps its sign-extending load.
 */
public final class MaskedBytes {
  @Struct
  public static final class Header {
    public byte flags;
    public byte ttl;
    public short port;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Header> headers;

  @Section("socket")
  public static int prog(SkBuff skb) {
    Header h = headers.lookup(0);
    if (h == null) {
      return 0;
    }
    int flags = h.flags & 0xff;
    int port = h.port & 0xffff;
    byte ttl = h.ttl;
    return flags + port + (ttl & 0x0f) + ttl;
  }
}
