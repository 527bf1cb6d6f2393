package io.bpf4j.runtime;

import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.ObjectReader;
import io.bpf4j.object.kernel.CoreRelocationKind;
import io.bpf4j.object.link.LinkedProgram;
import io.bpf4j.runtime.core.CoreRelocator;
import io.bpf4j.runtime.core.CoreStep;
import java.util.ArrayList;
import java.util.List;

/**
 * What the loader's CO-RE step makes of an object on the running kernel, without loading it: each
 * relocation's instruction, the field it asks about and the value it puts in, as libbpf's debug log
 * ({@code bpftool -d prog loadall}) prints them. For checking an object against a kernel, and for
 * tests that compare bpf4j's relocations with libbpf's.
 */
public final class CoreRelocations {
  private CoreRelocations() {}

  /**
   * One relocation.
   *
   * @param program the program's name
   * @param instruction the instruction, in 8-byte slots from the start of the linked program
   * @param kind libbpf's name of the kind ({@code byte_off}, {@code byte_sz}, {@code field_exists},
   *     ...)
   * @param field the local access, e.g. {@code task_struct.real_parent}
   * @param resolved whether the running kernel has the field
   * @param value what the instruction gets (0 for a missing field's existence; for a missing
   *     field's other kinds the instruction is poisoned as libbpf does)
   * @param javaLine {@code File.java:line} of the instruction
   */
  public record Entry(
      String program,
      int instruction,
      String kind,
      String field,
      boolean resolved,
      long value,
      String javaLine) {}

  /**
   * The relocations of the object {@code elf} against the running kernel's BTF.
   *
   * @throws BpfException as a load would: for a field the kernel lacks that no {@code Core.exists}
   *     guards, an ambiguous match, a bitfield
   */
  public static List<Entry> of(byte[] elf, String name) {
    LinkedObject object = ObjectReader.read(elf, name);
    CoreStep step = CoreStep.forRunningKernel(object.btf());
    List<Entry> out = new ArrayList<>();
    for (LinkedProgram p : object.programs()) {
      for (CoreRelocator.Resolution r : step.relocate(p).resolutions()) {
        out.add(
            new Entry(
                p.name(),
                r.instructionOffset(),
                CoreRelocationKind.name(r.kind()),
                r.localPath(),
                r.resolved(),
                r.value(),
                r.javaLine()));
      }
    }
    return out;
  }
}
