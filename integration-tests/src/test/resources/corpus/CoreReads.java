package corpus;

import io.bpf4j.annotations.KernelStruct;
import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.Core;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.RawTracepointArgs;
import io.bpf4j.lang.TracepointContext;

/**
 * CO-RE reads of the exec'ing task: through bpf_get_current_task_btf (direct, relocated loads) in a
 * tracepoint program, and through the raw tracepoint's untyped task pointer (bpf_probe_read_kernel
 * of relocated addresses), and in a tp_btf program through its typed argument. Results go to {@code results}, keyed by pid * 16 + slot.
 */
@License("GPL")
public final class CoreReads {
  @KernelStruct("task_struct")
  public static final class Task {
    public int pid;
    public int tgid;
    public Task real_parent;
    public byte[] comm = new byte[16];
    /** No kernel has it: only read under Core.exists. */
    public long bpf4j_made_up_field;
  }

  @Map(type = MapType.HASH, maxEntries = 1024)
  static BpfMap<Long, Long> results;

  @Section("tracepoint/sched/sched_process_exec")
  public static int exec(TracepointContext ctx) {
    Task task = Bpf.currentTask(Task.class);
    long key = task.tgid * 16L;
    put(key, task.tgid);
    put(key + 1, task.real_parent.tgid);
    byte[] comm = task.comm;
    long lo = 0;
    long hi = 0;
    for (int i = 0; i < 8; i++) {
      lo |= (comm[i] & 0xffL) << (8 * i);
      hi |= (comm[8 + i] & 0xffL) << (8 * i);
    }
    put(key + 2, lo);
    put(key + 3, hi);
    put(key + 4, Core.exists(task.real_parent) ? 1 : 0);
    put(key + 5, Core.exists(task.bpf4j_made_up_field) ? 1 : 0);
    put(key + 6, Core.sizeOf(task.comm));
    if (Core.exists(task.bpf4j_made_up_field)) {
      put(key + 7, task.bpf4j_made_up_field);
    }
    return 0;
  }

  @Section("raw_tracepoint/sched_process_exec")
  public static int execRaw(RawTracepointArgs args) {
    Task task = Core.view(Task.class, args.arg(0));
    long key = task.tgid * 16L;
    put(key + 8, task.tgid);
    put(key + 9, task.real_parent.tgid);
    byte[] comm = task.comm;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      lo |= (comm[i] & 0xffL) << (8 * i);
    }
    put(key + 10, lo);
    return 0;
  }

  @Section("tp_btf/sched_process_exec")
  public static int execTyped(Task p, int oldPid, long bprm) {
    long key = p.tgid * 16L;
    put(key + 11, p.real_parent.tgid);
    put(key + 12, oldPid);
    return 0;
  }

  static void put(long key, long value) {
    results.update(key, value, BpfMap.ANY);
  }
}
