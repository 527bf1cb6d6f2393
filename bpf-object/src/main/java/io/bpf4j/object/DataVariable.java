package io.bpf4j.object;

/**
 * One variable of an internal map ({@code .rodata}, {@code .data}, {@code .bss}), as the section's
 * BTF {@code DATASEC} lists it after libbpf's fix-ups: where its bytes are in the map's single
 * value. A runtime sets a {@code .rodata} variable before load by writing {@link #size()} bytes at
 * {@link #offset()} of {@link MapSpec#initialData()} ({@link LinkedObject#withVariable}), and reads
 * or writes a {@code .data}/{@code .bss} variable at the same place of the memory-mapped value.
 *
 * @param name the variable's name (the C or Java field name; string constants have generated names)
 * @param offset its byte offset in the section, i.e. in the map's value
 * @param size its size in bytes
 * @param btfTypeId its BTF type in the object's BTF (for {@code .rodata} usually {@code const
 *     volatile T}: {@link io.bpf4j.object.btf.Btf#resolve} strips the modifiers)
 * @param global whether the variable is global (a C non-static, a Java {@code @Global} or
 *     {@code @Config} field): only those are meant to be set from user space; static ones (string
 *     constants) are the object's own
 */
public record DataVariable(String name, int offset, int size, int btfTypeId, boolean global) {}
