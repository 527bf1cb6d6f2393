package io.bpf4j.processor;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScratchTest {
  static final String[] BODIES = {
    "long a = skb.len(); a = a + (1L << 40); return (int) a;",
    "long a = skb.len(); return a > (1L << 40) ? 1 : 0;",
    "long a = skb.len(); a = a * 0x123456789L; return (int) a;",
    "long a = skb.len(); a = a & 0xffffffffL; return (int) a;",
    "long a = skb.len(); a = a / 0x100000000L; return (int) a;",
    "long a = 1L << 40; return (int) (a >> 8);",
    "long a = skb.len(); return a == 0x8000000000L ? 1 : 0;",
  };

  @Test
  void scratch() {
    for (String body : BODIES) {
      DiagnosticsTest.Src src = DiagnosticsTest.socket(body);
      TestCompiler.Result r = TestCompiler.compile(List.of(src.file()));
      System.out.println("SCRATCH " + body + "\n   => " + r.toString().replace("\n", "\n      "));
    }
  }
}
