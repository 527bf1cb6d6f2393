package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * byte, short, char and boolean arithmetic with Java's promotion to int and narrowing on store:
 * increments that wrap, char that wraps below 0, shifts of negative bytes, boolean logic.
 */
@License("GPL")
public final class SmallTypes {
  @Struct
  public static final class Input {
    public byte b;
    public short s;
    public char c;
    public boolean flag;
  }

  @Struct
  public static final class Output {
    public byte bInc;
    public short sTimes3;
    public char cDec;
    public boolean notFlag;
    public boolean bothNegative;
    public int charPlusByte;
    public byte bShr;
    public byte bUshr;
    public short sUshr;
    public boolean xorFlag;
    public int compound;
  }

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Input> inputs;

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Output> outputs;

  @Section("socket")
  public static int mix(SkBuff skb) {
    Input in = inputs.lookup(0);
    Output out = outputs.lookup(0);
    if (in == null || out == null) {
      return 0;
    }
    byte b = in.b;
    short s = in.s;
    char c = in.c;
    boolean flag = in.flag;

    byte bi = b;
    bi++;
    out.bInc = bi;
    out.sTimes3 = (short) (s * 3);
    char cd = c;
    cd--;
    out.cDec = cd;
    out.notFlag = !flag;
    out.bothNegative = b < 0 && s < 0;
    out.charPlusByte = c + b;
    out.bShr = (byte) (b >> 1);
    out.bUshr = (byte) (b >>> 1);
    out.sUshr = (short) (s >>> 4);
    out.xorFlag = flag ^ (c > 0x7fff);

    short acc = s;
    acc += b;
    acc *= 7;
    acc >>= 2;
    byte small = b;
    small += 100;
    small ^= 0x55;
    out.compound = acc + small;
    return flag || b == 0 ? 1 : 2;
  }

  private SmallTypes() {}
}
