package corpus.attach;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.RawTracepointArgs;
import io.bpf4j.lang.TracepointContext;

/**
 * getppid system calls counted per process twice: by the syscalls/sys_enter_getppid tracepoint and
 * by the sys_enter raw tracepoint (whose second argument is the system call number, 110 on
 * x86-64). Both sections name their targets, so attachAll attaches both.
 */
@License("GPL")
public final class SyscallCounters {
  static final long GETPPID_X86_64 = 110;

  @Map(type = MapType.HASH, maxEntries = 4096)
  static BpfMap<Integer, Long> tracepointCounts;

  @Map(type = MapType.HASH, maxEntries = 4096)
  static BpfMap<Integer, Long> rawCounts;

  // One traced process is one thread: its events never race on its own entry.

  @Section("tracepoint/syscalls/sys_enter_getppid")
  public static int onGetppid(TracepointContext ctx) {
    int pid = (int) (Bpf.getCurrentPidTgid() >>> 32);
    Long n = tracepointCounts.lookup(pid);
    tracepointCounts.update(pid, n == null ? 1L : n + 1, BpfMap.ANY);
    return 0;
  }

  @Section("raw_tp/sys_enter")
  public static int onSysEnter(RawTracepointArgs args) {
    if (args.arg(1) == GETPPID_X86_64) {
      int pid = (int) (Bpf.getCurrentPidTgid() >>> 32);
      Long n = rawCounts.lookup(pid);
      rawCounts.update(pid, n == null ? 1L : n + 1, BpfMap.ANY);
    }
    return 0;
  }

  private SyscallCounters() {}
}
