package corpus.attach;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.Bpf;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.PtRegs;

/**
 * Calls and returns of a user-space function counted per process by a uprobe and a uretprobe
 * (attached with Links.uprobe), and getppid system calls counted by a tp_btf program whose
 * parameters are sys_enter's traced arguments (regs, id).
 */
@License("GPL")
public final class ProbeCounters {
  static final long GETPPID_X86_64 = 110;

  @Map(type = MapType.HASH, maxEntries = 4096)
  static BpfMap<Integer, Long> calls;

  @Map(type = MapType.HASH, maxEntries = 4096)
  static BpfMap<Integer, Long> returns;

  @Map(type = MapType.HASH, maxEntries = 4096)
  static BpfMap<Integer, Long> getppidCalls;

  @Section("uprobe")
  public static int countCalls(PtRegs regs) {
    int pid = (int) (Bpf.getCurrentPidTgid() >>> 32);
    Long n = calls.lookup(pid);
    calls.update(pid, n == null ? 1L : n + 1, BpfMap.ANY);
    return 0;
  }

  @Section("uretprobe")
  public static int countReturns(PtRegs regs) {
    int pid = (int) (Bpf.getCurrentPidTgid() >>> 32);
    Long n = returns.lookup(pid);
    returns.update(pid, n == null ? 1L : n + 1, BpfMap.ANY);
    return 0;
  }

  @Section("tp_btf/sys_enter")
  public static int countGetppid(long regs, long id) {
    if (id == GETPPID_X86_64) {
      int pid = (int) (Bpf.getCurrentPidTgid() >>> 32);
      Long n = getppidCalls.lookup(pid);
      getppidCalls.update(pid, n == null ? 1L : n + 1, BpfMap.ANY);
    }
    return 0;
  }

  private ProbeCounters() {}
}
