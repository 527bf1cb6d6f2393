/**
 * The pure-Java half of a libbpf-compatible loader: {@link io.bpf4j.object.load.ObjectReader} turns
 * an eBPF object (ours or clang's) into a {@link io.bpf4j.object.load.LoadableObject} of linked
 * programs, map definitions and fixed-up BTF, leaving only the {@code bpf(2)} calls to the runtime:
 *
 * <ol>
 *   <li>load the BTF ({@link io.bpf4j.object.load.LoadableObject#encodeBtf()}), if any;
 *   <li>create each {@link io.bpf4j.object.load.MapDefinition} (with the BTF fd when it has BTF
 *       type ids), write the initial data of internal maps at key 0 and freeze {@code .rodata};
 *   <li>for each {@link io.bpf4j.object.load.LinkedProgram}, write the map fds into the first
 *       slot's immediate at each {@link io.bpf4j.object.load.MapReference}, and load it with its
 *       func_info and line_info (string offsets from the encoded BTF);
 *   <li>fill prog arrays' {@link io.bpf4j.object.load.MapDefinition#initialPrograms()}.
 * </ol>
 */
package io.bpf4j.object.load;
