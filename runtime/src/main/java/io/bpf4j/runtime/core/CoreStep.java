package io.bpf4j.runtime.core;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.link.LinkedProgram;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.VerifierException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The loader's CO-RE step: relocates each program that has CO-RE records against the kernel's BTF
 * (fetched on the first such program only) before {@code BPF_PROG_LOAD}, and explains a verifier
 * rejection of a poisoned instruction as the missing field it is.
 */
public final class CoreStep {
  private static final Pattern POISON_CALL =
      Pattern.compile("(\\d+): \\(85\\) call unknown#" + CoreRelocator.POISON_HELPER);

  private final Btf local;
  private final Supplier<KernelBtf> kernel;
  private CoreRelocator relocator;

  /** The step for an object whose BTF is {@code local} (null without BTF). */
  public CoreStep(Btf local, Supplier<KernelBtf> kernel) {
    this.local = local;
    this.kernel = kernel;
  }

  /** The step against the running kernel ({@link VmlinuxBtf}). */
  public static CoreStep forRunningKernel(Btf local) {
    return new CoreStep(local, VmlinuxBtf::get);
  }

  /** {@code p} relocated. */
  public CoreRelocator.Result relocate(LinkedProgram p) {
    if (p.coreRelocations().isEmpty()) {
      return new CoreRelocator.Result(p, java.util.List.of());
    }
    if (local == null) {
      throw new BpfException(
          0, "program " + p.name() + " has CO-RE relocations but its object has no BTF");
    }
    if (relocator == null) {
      relocator = new CoreRelocator(local, kernel.get());
    }
    return relocator.relocate(p);
  }

  /**
   * {@code e}, or when the verifier reached a poisoned instruction (a field the kernel lacks that a
   * {@code Core.exists} check did not keep it from), the missing-field error of that read.
   */
  public static BpfException explain(VerifierException e, CoreRelocator.Result result) {
    Matcher m = POISON_CALL.matcher(e.log());
    if (!m.find()) {
      return e;
    }
    int insn = Integer.parseInt(m.group(1));
    for (CoreRelocator.Resolution r : result.poisoned()) {
      if (r.instructionOffset() == insn) {
        BpfException missing = CoreRelocator.missingField(result.program(), r);
        missing.initCause(e);
        return missing;
      }
    }
    return e;
  }
}
