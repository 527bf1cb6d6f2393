/** Pinning objects on a BPF filesystem and opening them from it, kind-checked. Internal. */
package io.bpf4j.runtime.pins;
