package golden;

import io.bpf4j.annotations.KernelStruct;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.Core;
import io.bpf4j.lang.RawTracepointArgs;
import io.bpf4j.lang.TracepointContext;

@License("GPL")
public final class KernelStructs {
  @KernelStruct("task_struct")
  public static final class Task {
    public int pid;
    public int tgid;
    public Task real_parent;
    public byte[] comm = new byte[16];
    public long bpf4j_no_such_field;
  }

  @Section("tracepoint/sched/sched_process_exec")
  public static int direct(TracepointContext ctx) {
    Task task = Bpf.currentTask(Task.class);
    int ppid = task.real_parent.tgid;
    byte[] comm = task.comm;
    Bpf.printk("ppid %d comm %d", ppid, comm[0]);
    if (Core.exists(task.bpf4j_no_such_field)) {
      return (int) task.bpf4j_no_such_field;
    }
    return Core.sizeOf(task.comm);
  }

  @Section("raw_tracepoint/sched_process_exec")
  public static int probed(RawTracepointArgs args) {
    Task task = Core.view(Task.class, args.arg(0));
    return task.real_parent.tgid;
  }

  @Section("tp_btf/sched_process_exec")
  public static int typed(Task p, int oldPid, long bprm) {
    return p.real_parent.tgid + oldPid;
  }
}
