package corpus.sim;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.BpfQueue;
import io.bpf4j.lang.BpfStack;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.SkBuff;

/**
 * For the simulator: a QUEUE and a STACK driven by the packet's bytes. The operation (push with
 * flags 0, BPF_EXIST or the invalid NOEXIST, pop, peek) and the value pushed come from the frame,
 * so random frames fill, overwrite and drain both maps in an order only the packet decides.
 */
@License("GPL")
public final class QueueOps {
  @Struct
  public static final class Item {
    public int value;
    public byte tag;
    public long seq;
    public byte[] mac = new byte[6];
  }

  @Map(type = MapType.QUEUE, maxEntries = 5)
  static BpfQueue<Integer> fifo;

  @Map(type = MapType.STACK, maxEntries = 3)
  static BpfStack<Item> lifo;

  @Section("socket")
  public static int fifoOps(SkBuff skb) {
    int len = skb.len();
    int op = (len ^ skb.loadByte(23)) & 7;
    int v = skb.loadWord(26);
    if (op == 0 || op == 1) {
      return fifo.push(v, 0);
    }
    if (op == 2) {
      return fifo.push(v, BpfMap.EXIST);
    }
    if (op == 3) {
      return fifo.push(v, BpfMap.NOEXIST);
    }
    if (op == 4 || op == 5) {
      Integer x = fifo.pop();
      return x == null ? -1000 : x;
    }
    Integer x = fifo.peek();
    return x == null ? -2000 : x.intValue() & 0xffff;
  }

  @Section("socket")
  public static int lifoOps(SkBuff skb) {
    int len = skb.len();
    int op = (len + skb.loadByte(34)) & 3;
    if (op == 0 || op == 1) {
      Item it = new Item();
      it.value = skb.loadWord(30);
      it.tag = (byte) len;
      it.seq = len * 3L;
      it.mac[0] = (byte) skb.loadByte(6);
      it.mac[5] = (byte) skb.loadByte(11);
      return lifo.push(it, op == 1 ? BpfMap.EXIST : 0);
    }
    if (op == 3) {
      // A peeked value is a copy: changing it leaves the stack's top as it was.
      Item peeked = lifo.peek();
      if (peeked == null) {
        return -2000;
      }
      peeked.value = 7;
      peeked.seq = 9;
    }
    Item it = op == 2 ? lifo.pop() : lifo.peek();
    if (it == null) {
      return -1000;
    }
    return it.value ^ it.tag ^ (int) it.seq ^ (it.mac[0] << 8) ^ (it.mac[5] << 16);
  }

  private QueueOps() {}
}
