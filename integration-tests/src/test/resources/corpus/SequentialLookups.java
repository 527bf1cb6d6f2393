package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * 64 map lookups one after the other, each copying its Long into a box on the stack (issue 17,
 * item 6): the boxes are never in use together and share one slot. Each used to take its own 8
 * bytes for the whole program, and the program needed 520 bytes of stack.
 */
@License("GPL")
public final class SequentialLookups {
  @Map(type = MapType.ARRAY, maxEntries = 64)
  static BpfMap<Integer, Long> table;

  @Section("socket")
  public static int sum(SkBuff skb) {
    long sum = 0;
    Long v;
    v = table.lookup(0);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(1);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(2);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(3);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(4);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(5);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(6);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(7);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(8);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(9);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(10);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(11);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(12);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(13);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(14);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(15);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(16);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(17);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(18);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(19);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(20);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(21);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(22);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(23);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(24);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(25);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(26);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(27);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(28);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(29);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(30);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(31);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(32);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(33);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(34);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(35);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(36);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(37);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(38);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(39);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(40);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(41);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(42);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(43);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(44);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(45);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(46);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(47);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(48);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(49);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(50);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(51);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(52);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(53);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(54);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(55);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(56);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(57);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(58);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(59);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(60);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(61);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(62);
    if (v != null) {
      sum += v;
    }
    v = table.lookup(63);
    if (v != null) {
      sum += v;
    }
    return (int) (sum ^ (sum >>> 32));
  }

  private SequentialLookups() {}
}
