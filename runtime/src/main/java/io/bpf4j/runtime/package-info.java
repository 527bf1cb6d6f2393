/**
 * bpf4j's runtime API: load objects ({@link io.bpf4j.runtime.BpfRuntime}), use their programs and
 * maps ({@link io.bpf4j.runtime.BpfObject}, {@link io.bpf4j.runtime.MapHandle}), attach them
 * ({@link io.bpf4j.runtime.Links}, {@link io.bpf4j.runtime.PacketSocket}) and read what they print
 * ({@link io.bpf4j.runtime.TracePipe}). The machinery lives in the subpackages.
 */
package io.bpf4j.runtime;
