package io.bpf4j.object;

import io.bpf4j.object.elf.ElfReader;
import io.bpf4j.object.link.ObjectLinker;
import java.util.Objects;

/**
 * Reads a relocatable eBPF object, as clang or {@link ObjectWriter} write them, into a {@link
 * LinkedObject}: the read half of the pair {@link ObjectSpec} / {@link ObjectWriter}, and the
 * pure-Java half of a libbpf-compatible loader. It does what libbpf's {@code bpf_object__open} and
 * {@code bpf_object__relocate} do before any system call; {@link ObjectLinker} lists the steps.
 *
 * <p>Not supported, reported as {@link ObjectFormatException} naming what was found: CO-RE
 * relocations, externs (kfuncs, {@code __ksym}, {@code __kconfig} variables), initial slots of maps
 * of maps ({@code .values = { [i] = &map }}; the shape of their inner maps is read, into {@link
 * MapSpec#inner()}), legacy {@code maps} sections, struct_ops and program types that attach by BTF
 * id ({@code fentry}, {@code lsm}, ...), which need the kernel's BTF.
 *
 * <p>The input is untrusted: whatever the bytes, the reader returns or throws {@link
 * ObjectFormatException}, and its work and memory stay bounded: nearly linear in the input, and
 * linking, which copies subprograms into every program that calls them, is capped at the verifier's
 * 1,000,000 instructions per program.
 */
public final class ObjectReader {
  private ObjectReader() {}

  /**
   * Reads an object, naming internal maps without an object prefix ({@code .rodata}, {@code .data},
   * ...).
   *
   * @throws ObjectFormatException if the object is malformed or uses what the reader does not
   *     support
   */
  public static LinkedObject read(byte[] elf) {
    return read(elf, null);
  }

  /**
   * Reads an object, naming internal maps as libbpf does for an object opened from {@code
   * objectName}: {@code "out/bandwidth_monitor.o"} or {@code "bandwidth_monitor"} give {@code
   * bandwidt.rodata}.
   *
   * @param objectName the object's file name or path, or null for no prefix
   * @throws ObjectFormatException if the object is malformed or uses what the reader does not
   *     support
   */
  public static LinkedObject read(byte[] elf, String objectName) {
    Objects.requireNonNull(elf, "elf");
    return ObjectLinker.link(ElfReader.read(elf), objectName);
  }
}
