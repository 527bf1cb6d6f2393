/**
 * What libbpf does between open and load, in pure Java: {@link io.bpf4j.object.link.ObjectLinker}
 * turns a parsed eBPF object (ours or clang's) into a {@link io.bpf4j.object.LinkedObject} of
 * linked programs, {@link io.bpf4j.object.MapSpec}s and fixed-up BTF, leaving only the {@code
 * bpf(2)} calls to the runtime:
 *
 * <ol>
 *   <li>load the BTF ({@link io.bpf4j.object.LinkedObject#encodeBtf()}), if any;
 *   <li>create each {@link io.bpf4j.object.MapSpec} (with the BTF fd when it has BTF type ids),
 *       write the initial data of internal maps at key 0 and freeze {@code .rodata};
 *   <li>for each {@link io.bpf4j.object.link.LinkedProgram}, write the map fds into the first
 *       slot's immediate at each {@link io.bpf4j.object.link.MapReference}, and load it with its
 *       func_info and line_info (string offsets from the encoded BTF);
 *   <li>fill prog arrays' {@link io.bpf4j.object.MapSpec#initialPrograms()}.
 * </ol>
 */
package io.bpf4j.object.link;
