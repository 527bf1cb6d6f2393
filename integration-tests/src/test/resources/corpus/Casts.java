package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * Narrowing and widening casts: a long from user space is narrowed to byte, short, char and int,
 * and each is widened back to long (sign extension, or zero extension for char). The result
 * struct mixes 1-, 2-, 4- and 8-byte fields, so it is full of padding. Returns (byte) value.
 */
@License("GPL")
public final class Casts {
  @Struct
  public static final class Input {
    public long value;
  }

  @Struct
  public static final class Narrowed {
    public byte b;
    public long fromByte;
    public short s;
    public long fromShort;
    public char c;
    public long fromChar;
    public int i;
    public long fromInt;
    public boolean negative;
    public int byteUnsigned;
    public long intUnsigned;
    public int lenAsByte;
    public short lenTimes300;
    public int lenCharMinus;
    public int lenAsByteDirect;
    public int protocolAsShort;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Input> inputs;

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Narrowed> results;

  @Section("socket")
  public static int narrow(SkBuff skb) {
    Input in = inputs.lookup(0);
    Narrowed out = results.lookup(0);
    if (in == null || out == null) {
      return 0;
    }
    long v = in.value;
    byte b = (byte) v;
    short s = (short) v;
    char c = (char) v;
    int i = (int) v;
    out.b = b;
    out.fromByte = b;
    out.s = s;
    out.fromShort = s;
    out.c = c;
    out.fromChar = c;
    out.i = i;
    out.fromInt = i;
    out.negative = v < 0;
    out.byteUnsigned = b & 0xff;
    out.intUnsigned = i & 0xffffffffL;
    int len = skb.len();
    out.lenAsByte = (byte) len;
    out.lenTimes300 = (short) (len * 300);
    out.lenCharMinus = (char) (len - 1000);
    out.lenAsByteDirect = (byte) skb.len();
    out.protocolAsShort = (short) skb.protocol();
    return b;
  }

  private Casts() {}
}
