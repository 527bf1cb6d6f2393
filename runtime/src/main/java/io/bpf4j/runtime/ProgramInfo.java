package io.bpf4j.runtime;

import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.sys.ProgInfo;

/**
 * What the kernel reports about a loaded program ({@code struct bpf_prog_info} from {@code
 * BPF_OBJ_GET_INFO_BY_FD}, kernel 4.13+): what the verifier and the JIT made of it. Fields a kernel
 * does not have yet read 0: {@code verifiedInsns} needs Linux 5.16, {@code runTimeNs} and {@code
 * runCount} 5.1 and count only while the {@code kernel.bpf_stats_enabled} sysctl is 1.
 *
 * @param id the kernel's program id (as {@code bpftool prog show} lists it)
 * @param name the kernel's name for the program (at most 15 characters)
 * @param tag the program's tag, 16 hex digits (a hash of its instructions, as bpftool prints it)
 * @param type the program type
 * @param verifiedInsns instructions the verifier processed, counting every path it walked (its
 *     log's "processed N insns"); a measure of verification cost, not of code size
 * @param xlatedProgLen bytes of the program after the kernel's rewrites (8 per instruction slot)
 * @param jitedProgLen bytes of machine code the JIT emitted; 0 when not JITed, or when the caller
 *     may not see kernel addresses ({@code kptr_restrict})
 * @param jitedFunctions functions the JIT emitted: the program and each of its BPF-to-BPF callees
 * @param mapCount maps the program uses
 * @param btfId the id of the program's BTF, 0 without BTF
 * @param funcInfoCount func_info records the kernel kept
 * @param lineInfoCount line_info records the kernel kept
 * @param gplCompatible whether the license lets the program call GPL-only helpers
 * @param loadTimeNs when the program was loaded, in ns since boot
 * @param createdByUid the uid that loaded the program
 * @param runTimeNs total run time while {@code kernel.bpf_stats_enabled} was 1
 * @param runCount runs counted while {@code kernel.bpf_stats_enabled} was 1
 * @param recursionMisses runs skipped because the program was already running on that CPU
 */
public record ProgramInfo(
    int id,
    String name,
    String tag,
    ProgramType type,
    int verifiedInsns,
    int xlatedProgLen,
    int jitedProgLen,
    int jitedFunctions,
    int mapCount,
    int btfId,
    int funcInfoCount,
    int lineInfoCount,
    boolean gplCompatible,
    long loadTimeNs,
    int createdByUid,
    long runTimeNs,
    long runCount,
    long recursionMisses) {

  /** The instruction slots after the kernel's rewrites ({@code xlatedProgLen / 8}). */
  public int xlatedSlots() {
    return xlatedProgLen / 8;
  }

  static ProgramInfo of(ProgInfo p) {
    return new ProgramInfo(
        p.id(),
        p.name(),
        p.tag(),
        ProgramType.of(p.type()),
        p.verifiedInsns(),
        p.xlatedProgLen(),
        p.jitedProgLen(),
        p.nrJitedKsyms(),
        p.nrMapIds(),
        p.btfId(),
        p.nrFuncInfo(),
        p.nrLineInfo(),
        p.gplCompatible(),
        p.loadTime(),
        p.createdByUid(),
        p.runTimeNs(),
        p.runCnt(),
        p.recursionMisses());
  }
}
