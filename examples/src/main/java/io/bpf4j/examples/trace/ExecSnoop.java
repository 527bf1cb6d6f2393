package io.bpf4j.examples.trace;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.RingBuf;
import io.bpf4j.lang.TracepointContext;

/**
 * One event per {@code execve}: who ran what. The program runs on the {@code
 * sched/sched_process_exec} tracepoint, fills an {@link ExecEvent} in place in a ring buffer
 * (reserve, then submit: no copy) from the tracepoint's record and the current task, whose parent's
 * pid it reads from the kernel's {@code task_struct} through the {@link Task} view (a CO-RE
 * relocated load, so the object runs on any kernel with BTF).
 */
@License("GPL")
public final class ExecSnoop {
  /**
   * Where the tracepoint's record keeps its fields (tracefs
   * events/sched/sched_process_exec/format).
   */
  static final int FILENAME_LOC = 8;

  static final int PID = 12;
  static final int OLD_PID = 16;

  /** One exec, as the ring buffer carries it; user space decodes it with this same class. */
  @Struct
  public static final class ExecEvent {
    public long timestampNs;
    public int pid;
    public int oldPid;
    public int uid;
    public int ppid;
    public byte[] comm = new byte[16];
    public byte[] filename = new byte[128];
  }

  @Map(type = MapType.RINGBUF, maxEntries = 256 * 1024)
  static RingBuf<ExecEvent> events;

  private ExecSnoop() {}

  @Section("tracepoint/sched/sched_process_exec")
  public static int onExec(TracepointContext ctx) {
    ExecEvent e = events.reserve();
    if (e == null) {
      return 0; // the ring is full: user space is behind; this exec goes unreported
    }
    e.timestampNs = Bpf.ktimeGetNs();
    e.pid = ctx.readInt(PID);
    e.oldPid = ctx.readInt(OLD_PID);
    e.uid = (int) Bpf.getCurrentUidGid();
    e.ppid = Bpf.currentTask(Task.class).real_parent.tgid;
    Bpf.getCurrentComm(e.comm);
    ctx.readString(FILENAME_LOC, e.filename);
    events.submit(e);
    return 0;
  }
}
