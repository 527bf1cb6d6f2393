package io.bpf4j.lang;

/** libbpf's {@code pinning} map attribute ({@code enum libbpf_pin_type}). */
public enum Pinning {
  /** Not pinned automatically. */
  NONE,
  /** Pinned by name under the loader's pin root (libbpf: {@code /sys/fs/bpf}). */
  BY_NAME
}
