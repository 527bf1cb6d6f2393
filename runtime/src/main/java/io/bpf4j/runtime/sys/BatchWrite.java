package io.bpf4j.runtime.sys;

/**
 * What one {@code BPF_MAP_UPDATE_BATCH} or {@code BPF_MAP_DELETE_BATCH} did: the kernel processes
 * entries in order and stops at the first failure, so {@code done} entries took effect and the
 * entry at index {@code done} failed with {@code errno} (0 when all of them succeeded).
 */
public record BatchWrite(int done, int errno) {
  public boolean ok() {
    return errno == 0;
  }
}
