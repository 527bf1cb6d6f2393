/**
 * Failed system calls turned into {@link io.bpf4j.runtime.BpfException}s that say what to do.
 * Internal.
 */
package io.bpf4j.runtime.errors;
