package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** bpf_trace_printk's formatting and refusals (kernel/bpf/helpers.c, bpf_bprintf_prepare). */
class TracePrintkTest {
  private static String line(String fmt, long... args) {
    TracePrintk.Result r = TracePrintk.format(fmt, args);
    assertTrue(r.returnValue() >= 0, fmt + " was refused");
    return r.line();
  }

  private static void refused(String fmt, long... args) {
    TracePrintk.Result r = TracePrintk.format(fmt, args);
    assertEquals(-22, r.returnValue(), fmt);
    assertNull(r.line(), "nothing is printed for " + fmt);
  }

  @Test
  void intConversionsTakeTheLow32Bits() {
    assertEquals("-1 4294967295 ffffffff", line("%d %u %x", -1L, -1L, -1L));
    assertEquals("FFFFFFFF", line("%X", -1L));
    assertEquals("-1", line("%i", 0xffffffffL));
    assertEquals("1", line("%d", (1L << 32) + 1));
    assertEquals("-2147483648", line("%d", Integer.MIN_VALUE));
  }

  @Test
  void longConversionsTakeAll64Bits() {
    assertEquals("-1 18446744073709551615", line("%ld %llu", -1L, -1L));
    assertEquals("ffffffffffffffff 4294967296", line("%llx %lli", -1L, 1L << 32));
    assertEquals("-9223372036854775808", line("%lld", Long.MIN_VALUE));
    assertEquals("ABCDEF0123", line("%lX", 0xabcdef0123L));
  }

  @Test
  void flagsAndWidths() {
    assertEquals(
        "[   42][42   ][00042][-0042][+42][ 42]",
        line("[%5d][%-5d][%05d]", 42, 42, 42) + line("[%05d][%+d][% d]", -42, 42, 42));
    assertEquals("[  ff][00ff][ff  ]", line("[%4x][%04x][%-04x]", 255, 255, 255));
    assertEquals("[7]", line("[%+u]", 7), "+ is for signed conversions only");
  }

  @Test
  void percentCharAndPointers() {
    assertEquals("100% A [  z] 00000000000000ff", line("100%% %c [%3c] %px", 'A', 'z', 255));
    assertEquals("a", line("a%cb", 0), "a NUL from %c ends the trace line");
    assertEquals(3, TracePrintk.format("a%cb", new long[] {0}).returnValue());
  }

  @Test
  void theReturnValueIsTheFormattedLength() {
    assertEquals(10, TracePrintk.format("len = %d\n", new long[] {123}).returnValue());
    assertEquals("len = 123", line("len = %d\n", 123), "the trailing newline is not kept");
    assertEquals(0, TracePrintk.format("", new long[0]).returnValue());
    String longLine = "x".repeat(2000);
    TracePrintk.Result r = TracePrintk.format(longLine, new long[0]);
    assertEquals(2000, r.returnValue());
    assertEquals(1023, r.line().length(), "the kernel's buffer holds 1023 characters");
  }

  @Test
  void whatTheKernelRefuses() {
    refused("%d %d %d %d", 1, 2, 3);
    refused("%f", 1);
    refused("%#x", 1);
    refused("%.2d", 1);
    refused("%hd", 1);
    refused("%lc", 1);
    refused("%5%");
    refused("50%");
    refused("caf\u00e9 %d", 1);
    refused("bell\u0007");
    refused("%pa", 1);
    assertEquals("tab\tok", line("tab\tok"), "white space is fine");
  }

  @Test
  void theFormatEndsAtNul() {
    assertEquals("ab", line("ab\0%d"));
  }

  @Test
  void missingArgumentsAreASimulationError() {
    SimulationException e =
        assertThrows(SimulationException.class, () -> TracePrintk.format("%d %d", new long[] {1}));
    assertTrue(e.getMessage().contains("2 conversions"), e.getMessage());
  }

  @Test
  void memoryReadingConversionsAreNotSimulated() {
    for (String fmt : new String[] {"%s", "%p", "%pK", "%pS", "%pI4", "%pks"}) {
      assertThrows(SimulationException.class, () -> TracePrintk.format(fmt, new long[] {1}), fmt);
    }
  }
}
