package io.bpf4j.object.link;

import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.btf.BtfWriter;
import io.bpf4j.object.elf.ElfFile;
import java.util.ArrayList;
import java.util.List;

/**
 * What libbpf does between open and load, on a parsed ELF file: the steps behind {@link
 * io.bpf4j.object.ObjectReader}, each a class of this package.
 *
 * <ol>
 *   <li>sorts the sections by role ({@link ObjectSections}) and reads {@code .BTF} and {@code
 *       .BTF.ext} ({@link ObjectBtf});
 *   <li>finds the programs (global functions in executable sections other than {@code .text}) and
 *       the subprograms (functions in {@code .text}), the program type of each section, and the
 *       func_info and line_info of each ({@link ObjectFunctions});
 *   <li>fixes the BTF up as libbpf does for a current kernel ({@link BtfFixup});
 *   <li>reads the BTF-defined maps of {@code .maps} ({@link BtfMapDefinitions}) with the initial
 *       slots of prog arrays, and makes an internal array map of each {@code .rodata}, {@code
 *       .data} and {@code .bss} section ({@link ObjectMaps});
 *   <li>reads what each relocated instruction refers to ({@link ProgramRelocations});
 *   <li>links every program with the subprograms it calls, resolves BPF-to-BPF calls and function
 *       addresses, marks map references ({@code BPF_PSEUDO_MAP_FD}, {@code BPF_PSEUDO_MAP_VALUE})
 *       ({@link SubprogramLinker}), and carries func_info and line_info over, converted to
 *       instruction offsets ({@link LinkedExtInfo}).
 * </ol>
 */
public final class ObjectLinker {

  /** The verifier's limit on a program's instructions ({@code BPF_COMPLEXITY_LIMIT_INSNS}). */
  static final int MAX_INSNS = 1_000_000;

  /** A bound on all linked programs together, so that linking cannot blow an object up. */
  static final int MAX_TOTAL_INSNS = 16 * MAX_INSNS;

  private ObjectLinker() {}

  /**
   * Links the programs of {@code elf} and collects its maps.
   *
   * @param objectName the object's file name or path, which prefixes internal maps' names as in
   *     libbpf, or null for no prefix
   * @throws ObjectFormatException if the object is malformed or uses what is not supported
   */
  public static LinkedObject link(ElfFile elf, String objectName) {
    String name = ObjectNames.objectName(objectName);
    ObjectSections sections = ObjectSections.of(elf);
    String license = sections.licenseString();
    ObjectBtf btf = ObjectBtf.read(sections);
    ObjectFunctions functions = ObjectFunctions.read(elf, sections);
    functions.assignExtInfo(btf.ext());
    if (btf.btf() != null) {
      new BtfFixup(elf, btf.btf(), functions.all).apply();
    }
    ObjectMaps maps = ObjectMaps.read(elf, sections, btf.btf(), functions, name);
    new ProgramRelocations(elf, sections, functions, maps).collect();
    List<LinkedProgram> programs = new ArrayList<>();
    long total = 0;
    for (ObjectFunction f : functions.all) {
      if (f.program) {
        LinkedProgram p = new SubprogramLinker(f, functions, maps, btf.ext()).link();
        total += p.instructionCount();
        if (total > MAX_TOTAL_INSNS) {
          throw new ObjectFormatException(
              "the linked programs would have more than " + MAX_TOTAL_INSNS + " instructions");
        }
        programs.add(p);
      }
    }
    List<MapSpec> mapList = maps.all;
    LinkedObject linked = new LinkedObject(license, programs, mapList, btf.btf());
    if (btf.btf() == null) {
      return linked;
    }
    BtfWriter.Encoded encoded;
    try {
      encoded = linked.encodeBtf();
    } catch (IllegalArgumentException e) {
      throw new ObjectFormatException("BTF cannot be encoded: " + e.getMessage(), e);
    }
    return new LinkedObject(license, programs, mapList, btf.btf(), encoded);
  }
}
