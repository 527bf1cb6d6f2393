package corpus;

import io.bpf4j.annotations.KernelStruct;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.TracepointContext;

/** A read of a field no kernel has, not guarded by Core.exists: the load must fail, saying so. */
@License("GPL")
public final class CoreMissingField {
  @KernelStruct("task_struct")
  public static final class Task {
    public int tgid;
    public long bpf4j_made_up_field;
  }

  @Section("tracepoint/sched/sched_process_exec")
  public static int exec(TracepointContext ctx) {
    Task task = Bpf.currentTask(Task.class);
    return (int) task.bpf4j_made_up_field;
  }
}
