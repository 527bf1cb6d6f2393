package io.bpf4j.lang;

/**
 * A {@code struct bpf_spin_lock} field of a {@code @Struct} map value (one per value, in a HASH or
 * ARRAY map). BPF code takes it with {@link Bpf#spinLock} and releases it with {@link
 * Bpf#spinUnlock}; it cannot be read or written otherwise, and user space sees it as a 4-byte zero.
 * In the JVM the field may stay null: the simulator's lock is one for all values.
 */
public final class BpfSpinLock {
  private BpfSpinLock() {}
}
