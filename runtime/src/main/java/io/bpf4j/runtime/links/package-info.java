/**
 * Attaching programs: BPF links to network interfaces ({@code BPF_LINK_CREATE}) and socket filters
 * on packet sockets ({@code SO_ATTACH_BPF}). Internal.
 */
package io.bpf4j.runtime.links;
