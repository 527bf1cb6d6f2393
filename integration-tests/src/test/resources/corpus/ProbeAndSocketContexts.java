package corpus;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfSock;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.PerfEventArray;
import io.bpf4j.lang.PtRegs;
import io.bpf4j.lang.RingBuf;
import io.bpf4j.lang.SockOps;

/**
 * Every accessor of the probe and socket contexts, in the sections that may read it: the verifier
 * checks each context offset and size.
 */
@License("GPL")
public final class ProbeAndSocketContexts {
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

  @Section("uprobe//bin/sh:main")
  public static int uprobe(PtRegs regs) {
    Event e = new Event();
    e.value = regs.arg(0) ^ regs.arg(1) ^ regs.arg(2) ^ regs.arg(3) ^ regs.arg(4) ^ regs.arg(5);
    e.kind = 1;
    return perf.output(regs, e);
  }

  @Section("uretprobe//bin/sh:main")
  public static int uretprobe(PtRegs regs) {
    Event e = events.reserve();
    if (e == null) {
      return 0;
    }
    e.value = regs.ret();
    e.kind = 2;
    events.submit(e);
    return 0;
  }

  @Section("kprobe/do_unlinkat")
  public static int kprobe(PtRegs regs) {
    return (int) (regs.ip() + regs.sp() + regs.arg(0));
  }

  @Section("uprobe")
  public static int uprobeWithoutTarget(PtRegs regs) {
    return (int) regs.arg(0);
  }

  @Section("cgroup/sock_create")
  public static int sockCreate(BpfSock sk) {
    int sum =
        sk.boundDevIf() + sk.family() + sk.type() + sk.protocol() + sk.mark() + sk.priority();
    sum += sk.dstPort() + sk.dstIp4() + sk.state();
    return sum == 12345 ? 0 : 1;
  }

  @Section("cgroup/sock_release")
  public static int sockRelease(BpfSock sk) {
    return sk.mark() + sk.priority() + sk.boundDevIf() == 7 ? 0 : 1;
  }

  @Section("cgroup/sock")
  public static int sock(BpfSock sk) {
    return sk.family() == 10 && sk.mark() == 1 ? 0 : 1;
  }

  @Section("cgroup/post_bind4")
  public static int postBind4(BpfSock sk) {
    return sk.srcIp4() == 0 && sk.srcPort() == 1 ? 0 : 1;
  }

  @Section("cgroup/post_bind6")
  public static int postBind6(BpfSock sk) {
    return sk.srcPort() == 1 && sk.protocol() == 6 ? 0 : 1;
  }

  @Section("sockops")
  public static int sockops(SockOps ops) {
    long sum = ops.op() + ops.family() + ops.remoteIp4() + ops.localIp4();
    sum += ops.remotePort() + ops.localPort() + ops.isFullsock() + ops.state();
    sum += ops.sndCwnd() + ops.srttUs() + ops.bytesReceived() + ops.bytesAcked();
    sum += ops.arg(0) + ops.arg(1) + ops.arg(2) + ops.arg(3) + ops.reply();
    Event e = new Event();
    e.value = sum;
    perf.output(ops, e);
    ops.setReply((int) sum);
    return 1;
  }
}
