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

  /** Fixed arrays laid out inside the struct, aligned to their elements. */
  public static final class WithArrays {
    public byte flag;
    public byte[] comm = new byte[5];
    public short[] ports = new short[2];
    public long total;
  }

  /** A flow key whose C struct holds an anonymous union of an IPv4 and an IPv6 address. */
  public static final class FlowKey {
    public int[] src6 = new int[4];
    public short port;
  }

  /** Names the narrow alternative: 12 bytes of the union would have no field. */
  public static final class NarrowFlowKey {
    public int src;
    public short port;
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

  @Test
  void fixedArraysWithoutBtfTakeTheirElementsAlignment() {
    // flag@0, comm@1..5, ports@6..9, total@16: 24 bytes, as C lays out char[5] and short[2].
    Codec<WithArrays> c = Codecs.of(WithArrays.class, 24, null, 0);
    WithArrays v = new WithArrays();
    v.flag = 1;
    v.comm = new byte[] {'a', 'b'};
    v.ports = new short[] {0x102, 0x304};
    v.total = 9;
    byte[] b = c.encode(v);
    assertArrayEquals(
        new byte[] {1, 'a', 'b', 0, 0, 0, 2, 1, 4, 3, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0}, b);
    WithArrays back = c.decode(b, 0);
    assertArrayEquals(new byte[] {'a', 'b', 0, 0, 0}, back.comm);
    assertArrayEquals(new short[] {0x102, 0x304}, back.ports);
    assertEquals(9, back.total);
  }

  @Test
  void fixedArraysFollowBtfArrayMembers() {
    Btf btf = new Btf();
    int u8 = btf.add(new BtfType.Int("char", 1, 0, 0, 8));
    int u32 = btf.add(new BtfType.Int("int", 4, 0, 0, 32));
    int arr = btf.add(new BtfType.Array(u8, u32, 16));
    int struct =
        btf.add(
            new BtfType.Struct(
                "ev",
                24,
                List.of(new BtfType.Member("pid", u32, 0), new BtfType.Member("comm", arr, 32))));
    Codec<Ev> c = Codecs.of(Ev.class, 24, btf, struct);
    byte[] raw = new byte[24];
    raw[0] = 7;
    raw[4] = 'x';
    Ev e = c.decode(raw, 0);
    assertEquals(7, e.pid);
    assertEquals('x', e.comm[0]);
    assertEquals(16, e.comm.length);
    assertThrows(BpfException.class, () -> Codecs.of(BadEv.class, 24, btf, struct));
  }

  public static final class Ev {
    public int pid;
    public byte[] comm = new byte[16];
  }

  public static final class BadEv {
    public int pid;
    public long comm;
  }

  @Test
  void aStructWrappingOneIntegerReadsAsThatInteger() {
    Btf btf = new Btf();
    int u64 = btf.add(new BtfType.Int("long", 8, 0, 1, 64));
    int wrapper =
        btf.add(new BtfType.Struct("counter", 8, List.of(new BtfType.Member("value", u64, 0))));
    assertEquals(8, Codecs.of(Long.class, 8, btf, wrapper).size());
    int u32 = btf.add(new BtfType.Int("int", 4, 0, 1, 32));
    int pair =
        btf.add(
            new BtfType.Struct(
                "pair",
                8,
                List.of(new BtfType.Member("a", u32, 0), new BtfType.Member("b", u32, 32))));
    assertThrows(BpfException.class, () -> Codecs.of(Long.class, 8, btf, pair));
  }

  /** {@code struct { union { __u32 src; __u32 src6[4]; }; struct { __u16 port; }; }}. */
  private static int flowKeysWithAnonymousMembers(Btf btf) {
    int u32 = btf.add(new BtfType.Int("__u32", 4, 0, 0, 32));
    int u16 = btf.add(new BtfType.Int("__u16", 2, 0, 0, 16));
    int index = btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    int src6 = btf.add(new BtfType.Array(u32, index, 4));
    int union =
        btf.add(
            new BtfType.Union(
                "",
                16,
                List.of(new BtfType.Member("src", u32, 0), new BtfType.Member("src6", src6, 0))));
    int ports = btf.add(new BtfType.Struct("", 2, List.of(new BtfType.Member("port", u16, 0))));
    return btf.add(
        new BtfType.Struct(
            "flow_keys",
            20,
            List.of(new BtfType.Member("", union, 0), new BtfType.Member("", ports, 128))));
  }

  @Test
  void anonymousUnionsAndStructsAreReadThroughTheFieldsOfOneAlternative() {
    Btf btf = new Btf();
    int struct = flowKeysWithAnonymousMembers(btf);
    Codec<FlowKey> c = Codecs.of(FlowKey.class, 20, btf, struct);
    FlowKey k = new FlowKey();
    k.src6[0] = 0x0a000001;
    k.src6[3] = 7;
    k.port = (short) 0x1f90;
    byte[] b = c.encode(k);
    assertEquals(1, b[0]);
    assertEquals(7, b[12]);
    assertEquals((byte) 0x90, b[16]);
    FlowKey back = c.decode(b, 0);
    assertArrayEquals(k.src6, back.src6);
    assertEquals(k.port, back.port);
  }

  @Test
  void aNarrowUnionAlternativeIsAnErrorThatNamesTheAlternatives() {
    Btf btf = new Btf();
    int struct = flowKeysWithAnonymousMembers(btf);
    BpfException e =
        assertThrows(BpfException.class, () -> Codecs.of(NarrowFlowKey.class, 20, btf, struct));
    assertTrue(e.getMessage().contains("[src, src6]"), e.getMessage());
    assertTrue(e.getMessage().contains("16 bytes"), e.getMessage());
  }
}
