package io.bpf4j.testing;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfSock;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.PerfEventArray;
import io.bpf4j.lang.PtRegs;
import io.bpf4j.lang.RingBuf;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.SockOps;

/** Events to user space, and programs of the probe, socket and traced-argument sections. */
@License("GPL")
final class EventPrograms {
  @Struct
  static final class Event {
    long value;
    int kind;
    int extra;
  }

  @Map(type = MapType.RINGBUF, maxEntries = 4096)
  static RingBuf<Event> events;

  @Map(type = MapType.PERF_EVENT_ARRAY, maxEntries = 0)
  static PerfEventArray<Event> perf;

  /** Reserves a record per packet: submits it, or discards it for packets over 100 bytes. */
  @Section("socket")
  static int reserveEach(SkBuff skb) {
    Event e = events.reserve();
    if (e == null) {
      return 0;
    }
    e.value = skb.len();
    e.kind = 1;
    if (skb.len() > 100) {
      events.discard(e);
      return 2;
    }
    events.submit(e);
    return 1;
  }

  @Section("tc")
  static int perfEach(SkBuff skb) {
    Event e = new Event();
    e.value = skb.len();
    e.kind = 2;
    return perf.output(skb, e);
  }

  @Section("uprobe//bin/sh:main")
  static int probe(PtRegs regs) {
    Event e = new Event();
    e.value = regs.arg(0) + regs.arg(5);
    e.kind = 3;
    return perf.output(regs, e);
  }

  @Section("uretprobe//bin/sh:main")
  static int probeReturn(PtRegs regs) {
    Event e = events.reserve();
    if (e != null) {
      e.value = regs.ret();
      e.kind = 4;
      events.submit(e);
    }
    return 0;
  }

  /** Denies UDP sockets marked 7. */
  @Section("cgroup/sock_create")
  static int sockCreate(BpfSock sk) {
    return sk.protocol() == 17 && sk.mark() == 7 ? 0 : 1;
  }

  /** Allows binding port 8080 only. */
  @Section("cgroup/post_bind4")
  static int postBind(BpfSock sk) {
    return sk.srcPort() == 8080 ? 1 : 0;
  }

  /** Answers every operation with the remote port number. */
  @Section("sockops")
  static int ops(SockOps ops) {
    if (ops.op() == 4) {
      ops.setReply(Bpf.ntohl(ops.remotePort()));
    }
    return 1;
  }

  @Section("tp_btf/sched_switch")
  static int switched(boolean preempt, long prev, long next) {
    Event e = events.reserve();
    if (e == null) {
      return 0;
    }
    e.value = next - prev;
    e.kind = preempt ? 5 : 6;
    events.submit(e);
    return 0;
  }

  @Section("fexit/do_unlinkat")
  static int unlinked(int dfd, long name, int ret) {
    Event e = events.reserve();
    if (e == null) {
      return 0;
    }
    e.value = name;
    e.kind = 7;
    e.extra = ret;
    if (ret != 0) {
      events.submit(e);
    } else {
      events.discard(e);
    }
    return 0;
  }
}
