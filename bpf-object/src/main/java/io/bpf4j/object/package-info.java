/**
 * The eBPF object format as one model with two directions.
 *
 * <table>
 *   <caption>The write and read halves of the pair</caption>
 *   <tr><th></th><th>write</th><th>read</th></tr>
 *   <tr><td>entry point</td><td>{@link io.bpf4j.object.ObjectWriter#write}</td>
 *       <td>{@link io.bpf4j.object.ObjectReader#read}</td></tr>
 *   <tr><td>the object</td><td>{@link io.bpf4j.object.ObjectSpec}</td>
 *       <td>{@link io.bpf4j.object.LinkedObject}</td></tr>
 *   <tr><td>its maps</td><td colspan="2">{@link io.bpf4j.object.MapSpec}, the same record both
 *       ways</td></tr>
 *   <tr><td>its code</td><td>{@link io.bpf4j.object.FunctionSpec}: one function, symbolic
 *       labels and relocation targets</td><td>{@link io.bpf4j.object.link.LinkedProgram}: one
 *       program linked with its subprograms, relocated</td></tr>
 *   <tr><td>license, BTF</td><td colspan="2">a string and a {@link io.bpf4j.object.btf.Btf}
 *       both ways</td></tr>
 * </table>
 *
 * <p>The code differs on purpose: the writer lays out functions as clang does (programs in their
 * sections, subprograms in {@code .text}), while the reader does what libbpf does before loading
 * and links each program with what it calls ({@link io.bpf4j.object.link}). A map written by the
 * writer reads back as an equal {@link io.bpf4j.object.MapSpec}, apart from the BTF ids of the
 * types that the kernel refuses for some map types. Below the pair: {@code insn} (instructions),
 * {@code btf}, {@code elf}, {@code bytes} (the little-endian reader and writer and the string
 * table) and {@code kernel} (the kernel's vocabulary).
 */
package io.bpf4j.object;
