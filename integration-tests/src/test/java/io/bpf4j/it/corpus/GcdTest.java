package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * corpus/Gcd.java: Euclid's algorithm in a BPF-to-BPF call, checked against BigInteger.gcd, on
 * small pairs, zeros, negatives, powers of two and consecutive Fibonacci numbers (the worst case).
 */
class GcdTest {
  static final class Pair {
    long a;
    long b;
    long gcd;
    long lcm;
  }

  @Test
  void gcdAndLcmMatchBigInteger() {
    long[][] rounds = {
      {12, 18, 1071, 462, 0, 5, 0, 0},
      {-48, 18, 7540113804746346429L, 4660046610375530309L, 1L << 62, 1L << 40, 999_983, 1_000_003},
      {Long.MAX_VALUE, 3 * 7 * 73, 600851475143L, 6857, -35, -21, 1, Long.MAX_VALUE},
    };
    Expect expect = new Expect("Gcd");
    byte[] frame = Packet.udpFrame(60);
    try (BpfObject obj = Corpus.load("Gcd");
        MapHandle<Integer, Pair> pairs = obj.map("pairs", Integer.class, Pair.class)) {
      for (long[] round : rounds) {
        for (int k = 0; k < 4; k++) {
          Pair p = new Pair();
          p.a = round[2 * k];
          p.b = round[2 * k + 1];
          pairs.put(k, p);
        }
        int ret = obj.program("gcdOfPairs").testRun(frame, 1).retval();
        expect.equal(4, ret, "return value (pairs found)");
        for (int k = 0; k < 4; k++) {
          long a = round[2 * k];
          long b = round[2 * k + 1];
          long g = BigInteger.valueOf(a).gcd(BigInteger.valueOf(b)).longValueExact();
          Pair got = pairs.get(k);
          expect.equal(g, got.gcd, "gcd(" + a + ", " + b + ")");
          expect.equal(g == 0 ? 0 : a / g * b, got.lcm, "lcm(" + a + ", " + b + ")");
        }
      }
    }
    expect.verify();
  }
}
