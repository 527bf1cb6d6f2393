package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import org.junit.jupiter.api.Test;

/** corpus/SmallTypes.java: byte, short, char and boolean arithmetic with Java's promotions. */
class SmallTypesTest {
  static final class Input {
    byte b;
    short s;
    char c;
    boolean flag;
  }

  static final class Output {
    byte bInc;
    short sTimes3;
    char cDec;
    boolean notFlag;
    boolean bothNegative;
    int charPlusByte;
    byte bShr;
    byte bUshr;
    short sUshr;
    boolean xorFlag;
    int compound;
  }

  @Test
  void smallTypesWrapAndPromoteAsInJava() {
    byte[] bs = {0, 1, -1, 127, -128, 100, -100};
    short[] ss = {0, -1, Short.MAX_VALUE, Short.MIN_VALUE, 1234, -4321};
    char[] cs = {0, 1, 0x7fff, 0x8000, 0xffff, 'A'};
    Expect expect = new Expect("SmallTypes");
    byte[] frame = Packet.udpFrame(60);
    try (BpfObject obj = Corpus.load("SmallTypes");
        MapHandle<Integer, Input> inputs = obj.map("inputs", Integer.class, Input.class);
        MapHandle<Integer, Output> outputs = obj.map("outputs", Integer.class, Output.class)) {
      for (byte b : bs) {
        for (short s : ss) {
          for (char c : cs) {
            for (boolean flag : new boolean[] {false, true}) {
              Input in = new Input();
              in.b = b;
              in.s = s;
              in.c = c;
              in.flag = flag;
              inputs.put(0, in);
              int ret = obj.program("mix").testRun(frame, 1).retval();
              Output out = outputs.get(0);
              String what = "b=" + b + " s=" + s + " c=" + (int) c + " flag=" + flag + ": ";
              expect.equal(flag || b == 0 ? 1 : 2, ret, what + "return value");
              expect.equal((byte) (b + 1), out.bInc, what + "bInc");
              expect.equal((short) (s * 3), out.sTimes3, what + "sTimes3");
              expect.equal((char) (c - 1), out.cDec, what + "cDec");
              expect.equal(!flag, out.notFlag, what + "notFlag");
              expect.equal(b < 0 && s < 0, out.bothNegative, what + "bothNegative");
              expect.equal(c + b, out.charPlusByte, what + "charPlusByte");
              expect.equal((byte) (b >> 1), out.bShr, what + "bShr");
              expect.equal((byte) (b >>> 1), out.bUshr, what + "bUshr");
              expect.equal((short) (s >>> 4), out.sUshr, what + "sUshr");
              expect.equal(flag ^ (c > 0x7fff), out.xorFlag, what + "xorFlag");
              short acc = (short) (s + b);
              acc = (short) (acc * 7);
              acc = (short) (acc >> 2);
              byte small = (byte) (b + 100);
              small = (byte) (small ^ 0x55);
              expect.equal(acc + small, out.compound, what + "compound");
            }
          }
        }
      }
    }
    expect.verify();
  }
}
