package io.bpf4j.object.elf;

/**
 * One entry of an object's symbol table, as read by {@link ElfReader}.
 *
 * @param index position in the symbol table; relocations refer to symbols by this index
 * @param name the symbol's name, empty for the null symbol and section symbols
 * @param value {@code st_value}: offset of the symbol in its section for relocatable objects
 * @param size {@code st_size}: size in bytes of a function or object
 * @param type {@code STT_*}, such as {@link Elf#STT_FUNC}
 * @param bind {@code STB_*}, such as {@link Elf#STB_GLOBAL}
 * @param visibility {@code STV_*}, such as {@link Elf#STV_DEFAULT}
 * @param sectionIndex index of the defining section, or {@link Elf#SHN_UNDEF}, {@link Elf#SHN_ABS}
 *     or {@link Elf#SHN_COMMON}
 */
public record Symbol(
    int index,
    String name,
    long value,
    long size,
    int type,
    int bind,
    int visibility,
    int sectionIndex) {}
