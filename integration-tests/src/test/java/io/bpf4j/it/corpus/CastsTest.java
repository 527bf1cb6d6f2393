package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import org.junit.jupiter.api.Test;

/**
 * corpus/Casts.java: narrowing a long to byte/short/char/int and widening back, on values around
 * every sign boundary, and narrowing the (non-negative) context length; the result struct's mixed
 * field sizes also check the padding layout against BTF.
 */
class CastsTest {
  static final class Input {
    long value;
  }

  static final class Narrowed {
    byte b;
    long fromByte;
    short s;
    long fromShort;
    char c;
    long fromChar;
    int i;
    long fromInt;
    boolean negative;
    int byteUnsigned;
    long intUnsigned;
    int lenAsByte;
    short lenTimes300;
    int lenCharMinus;
    int lenAsByteDirect;
    int protocolAsShort;
  }

  private static final long[] VALUES = {
    0,
    1,
    -1,
    127,
    128,
    -128,
    -129,
    255,
    256,
    0x7fff,
    0x8000,
    0xffff,
    0x10000,
    Integer.MAX_VALUE,
    Integer.MIN_VALUE,
    0x80000000L,
    0xffffffffL,
    0x1_0000_0080L,
    Long.MIN_VALUE,
    Long.MAX_VALUE,
    0x123456789abcdef0L,
    0xfedcba9876543210L,
  };

  @Test
  void narrowingAndWideningFollowJava() {
    Expect expect = new Expect("Casts");
    int[] frameLengths = {100, 200, 300, 1514};
    int[] etherTypes = {Packet.ETH_P_IP, Packet.ETH_P_IPV6, Packet.ETH_P_IP, Packet.ETH_P_ARP};
    try (BpfObject obj = Corpus.load("Casts");
        MapHandle<Integer, Input> inputs = obj.map("inputs", Integer.class, Input.class);
        MapHandle<Integer, Narrowed> results = obj.map("results", Integer.class, Narrowed.class)) {
      for (int f = 0; f < frameLengths.length; f++) {
        byte[] frame = Packet.rawFrame(etherTypes[f], frameLengths[f]);
        int len = Packet.networkLength(frame);
        String frameText = "len " + len + " EtherType 0x" + Integer.toHexString(etherTypes[f]);
        Narrowed out = null;
        for (long v : VALUES) {
          Input in = new Input();
          in.value = v;
          inputs.put(0, in);
          results.put(0, new Narrowed());
          int ret = obj.program("narrow").testRun(frame, 1).retval();
          out = results.get(0);
          String what = "value 0x" + Long.toHexString(v) + ": ";
          expect.equal((int) (byte) v, ret, what + "return (byte) value");
          expect.equal((byte) v, out.b, what + "b");
          expect.equal((long) (byte) v, out.fromByte, what + "fromByte");
          expect.equal((short) v, out.s, what + "s");
          expect.equal((long) (short) v, out.fromShort, what + "fromShort");
          expect.equal((char) v, out.c, what + "c");
          expect.equal((long) (char) v, out.fromChar, what + "fromChar");
          expect.equal((int) v, out.i, what + "i");
          expect.equal((long) (int) v, out.fromInt, what + "fromInt");
          expect.equal(v < 0, out.negative, what + "negative");
          expect.equal((int) (v & 0xff), out.byteUnsigned, what + "byteUnsigned");
          expect.equal(v & 0xffffffffL, out.intUnsigned, what + "intUnsigned");
        }
        // The context fields do not depend on the value: checked once per frame.
        String what = frameText + ": ";
        expect.equal((int) (byte) len, out.lenAsByte, what + "(byte) len, len a local");
        expect.equal((short) (len * 300), out.lenTimes300, what + "(short) (len * 300)");
        expect.equal((int) (char) (len - 1000), out.lenCharMinus, what + "(char) (len - 1000)");
        expect.equal((int) (byte) len, out.lenAsByteDirect, what + "(byte) skb.len()");
        expect.equal(
            (int) (short) Packet.skbProtocol(frame),
            out.protocolAsShort,
            what + "(short) skb.protocol()");
      }
    }
    expect.verify();
  }
}
