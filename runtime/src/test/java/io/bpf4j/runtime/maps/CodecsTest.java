package io.bpf4j.runtime.maps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.runtime.BpfException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecsTest {
  /** A value class as a user writes it: fields in declaration order. */
  public static final class Counters {
    public long pkts;
    public long bytes;
  }

  /** Mixed sizes: C inserts padding after {@code flag} and {@code port}. */
  public static final class Mixed {
    public boolean flag;
    public int count;
    public short port;
    public long total;
  }

  public static final class Other {
    public long pkts;
    public long dropped;
  }

  @Test
  void scalarsAreLittleEndian() {
    Codec<Integer> ints = Codecs.of(Integer.class, 4, null, 0);
    assertArrayEquals(new byte[] {1, 2, 0, 0}, ints.encode(0x201));
    assertEquals(-2, ints.decode(new byte[] {(byte) 0xfe, -1, -1, -1}, 0));
    Codec<Long> longs = Codecs.of(Long.class, 8, null, 0);
    assertEquals(Long.MIN_VALUE, longs.decode(longs.encode(Long.MIN_VALUE), 0));
  }

  @Test
  void naturalLayoutFollowsCAlignment() {
    Codec<Mixed> c = Codecs.of(Mixed.class, 24, null, 0);
    Mixed m = new Mixed();
    m.flag = true;
    m.count = 7;
    m.port = (short) 0xbeef;
    m.total = -1;
    byte[] b = c.encode(m);
    assertEquals(1, b[0]);
    assertEquals(7, b[4]);
    assertEquals((byte) 0xef, b[8]);
    assertEquals(-1, b[16]);
    Mixed back = c.decode(b, 0);
    assertTrue(back.flag);
    assertEquals(7, back.count);
    assertEquals((short) 0xbeef, back.port);
    assertEquals(-1, back.total);
  }

  @Test
  void btfLayoutMatchesFieldsByName() {
    Btf btf = new Btf();
    int u64 = btf.add(new BtfType.Int("__u64", 8, 0, 0, 64));
    // The C struct declares bytes before pkts: names, not order, decide.
    int struct =
        btf.add(
            new BtfType.Struct(
                "traffic_counters",
                16,
                List.of(new BtfType.Member("bytes", u64, 0), new BtfType.Member("pkts", u64, 64))));
    Codec<Counters> c = Codecs.of(Counters.class, 16, btf, struct);
    Counters v = new Counters();
    v.pkts = 3;
    v.bytes = 500;
    byte[] b = c.encode(v);
    assertEquals((byte) 0xf4, b[0]);
    assertEquals(3, b[8]);
    Counters back = c.decode(b, 0);
    assertEquals(3, back.pkts);
    assertEquals(500, back.bytes);
  }

  @Test
  void mismatchedFieldsAreAnErrorNotALoss() {
    Btf btf = new Btf();
    int u64 = btf.add(new BtfType.Int("__u64", 8, 0, 0, 64));
    int struct =
        btf.add(
            new BtfType.Struct(
                "traffic_counters",
                16,
                List.of(new BtfType.Member("pkts", u64, 0), new BtfType.Member("bytes", u64, 64))));
    BpfException e =
        assertThrows(BpfException.class, () -> Codecs.of(Other.class, 16, btf, struct));
    assertTrue(e.getMessage().contains("bytes"), e.getMessage());
  }

  @Test
  void wrongSizeIsAnError() {
    assertThrows(BpfException.class, () -> Codecs.of(Integer.class, 8, null, 0));
    assertThrows(BpfException.class, () -> Codecs.of(Counters.class, 24, null, 0));
  }
}
