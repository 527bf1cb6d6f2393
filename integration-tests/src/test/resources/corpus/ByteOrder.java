package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * Byte-order conversions, folded when constant and byte swaps otherwise; returns 1 for an IPv4
 * frame, comparing the protocol field against a folded constant.
 */
@License("GPL")
public final class ByteOrder {
  static final int ETH_P_IP = 0x0800;

  @Struct
  public static final class Swapped {
    public int htonsConst;
    public int htonlConst;
    public int ntohsProto;
    public int ntohlLen;
    public int htonsLen;
    public int roundTrip;
    public int ntohsWide;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Swapped> swapped;

  @Section("socket")
  public static int swap(SkBuff skb) {
    Swapped out = swapped.lookup(0);
    if (out == null) {
      return 0;
    }
    int len = skb.len();
    out.htonsConst = Bpf.htons(0x1234);
    out.htonlConst = Bpf.htonl(0x0a000001);
    out.ntohsProto = Bpf.ntohs(skb.protocol());
    out.ntohlLen = Bpf.ntohl(len);
    out.htonsLen = Bpf.htons(len);
    out.roundTrip = Bpf.ntohl(Bpf.htonl(len * 65537));
    out.ntohsWide = Bpf.ntohs(len | 0x7fff0000);
    return skb.protocol() == Bpf.htons(ETH_P_IP) ? 1 : 0;
  }

  private ByteOrder() {}
}
