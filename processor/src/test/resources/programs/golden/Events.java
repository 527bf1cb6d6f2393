package golden;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfSock;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.PerfEventArray;
import io.bpf4j.lang.PtRegs;
import io.bpf4j.lang.RingBuf;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.SockOps;

/** Ring buffer reservations, perf output, and the probe, socket and traced-argument contexts. */
@License("GPL")
public final class Events {
  @Struct
  public static final class Event {
    public long value;
    public int kind;
    public int extra;
  }

  @Map(type = MapType.RINGBUF, maxEntries = 4096)
  static RingBuf<Event> events;

  @Map(type = MapType.PERF_EVENT_ARRAY, maxEntries = 0)
  static PerfEventArray<Event> perf;

  @Section("socket")
  public static int reserve(SkBuff skb) {
    Event e = events.reserve();
    if (e == null) {
      return 0;
    }
    e.value = skb.len();
    if (e.value > 100) {
      events.discard(e);
      return 2;
    }
    events.submit(e);
    return 1;
  }

  @Section("uprobe//bin/sh:main")
  public static int probe(PtRegs regs) {
    Event e = new Event();
    e.value = regs.arg(0) + regs.ret();
    return perf.output(regs, e);
  }

  @Section("cgroup/sock_create")
  public static int sockCreate(BpfSock sk) {
    return sk.protocol() == 17 && sk.dstPort() == 0x3500 ? 0 : 1;
  }

  @Section("sockops")
  public static int ops(SockOps ops) {
    ops.setReply(ops.op() + ops.localPort());
    return 1;
  }

  @Section("fexit/do_unlinkat")
  public static int unlinked(int dfd, long name, short ret) {
    return ret < 0 ? (int) name : dfd;
  }
}
