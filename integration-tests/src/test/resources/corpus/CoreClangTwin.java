package corpus;

import io.bpf4j.annotations.KernelStruct;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.Core;
import io.bpf4j.lang.RawTracepointArgs;
import io.bpf4j.lang.TracepointContext;

/** The Java twin of integration-tests' core/core_reads.c: the same CO-RE accesses, from Java. */
@License("GPL")
public final class CoreClangTwin {
  @KernelStruct("task_struct")
  public static final class Task {
    public int pid;
    public int tgid;
    public Task real_parent;
    public byte[] comm = new byte[16];
    public long bpf4j_no_such_field;
  }

  @Section("tp_btf/sched_process_exec")
  public static int typed(Task p, int oldPid) {
    return p.real_parent.tgid + oldPid;
  }

  @Section("raw_tracepoint/sched_process_exec")
  public static int probed(RawTracepointArgs args) {
    return Core.view(Task.class, args.arg(0)).real_parent.tgid;
  }

  @Section("tracepoint/sched/sched_process_exec")
  public static int exists(TracepointContext ctx) {
    Task t = Bpf.currentTask(Task.class);
    if (Core.exists(t.bpf4j_no_such_field)) {
      return (int) t.bpf4j_no_such_field;
    }
    return Core.sizeOf(t.comm);
  }
}
