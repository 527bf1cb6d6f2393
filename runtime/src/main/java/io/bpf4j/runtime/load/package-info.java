/**
 * From an object read by bpf-object to kernel objects: BTF, maps (created, shared by pin, filled,
 * frozen), programs (relocated against the map fds, with func_info and line_info) and verifier logs
 * read into {@link io.bpf4j.runtime.VerifierException}s. Internal.
 */
package io.bpf4j.runtime.load;
