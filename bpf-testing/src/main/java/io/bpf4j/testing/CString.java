package io.bpf4j.testing;

/** C strings as the kernel's string helpers write them: truncated to fit, always NUL-ended. */
final class CString {
  private CString() {}

  /**
   * Copies {@code s} into {@code dst} as {@code bpf_get_current_comm} and {@code
   * bpf_probe_read_*_str} do: at most {@code dst.length - 1} bytes, then a NUL, the rest of {@code
   * dst} zeroed; returns the bytes written including the NUL ({@code _str} helpers) or 0.
   */
  static int copy(byte[] s, byte[] dst) {
    if (dst.length == 0) {
      return 0;
    }
    int n = 0;
    while (n < s.length && n < dst.length - 1 && s[n] != 0) {
      dst[n] = s[n];
      n++;
    }
    java.util.Arrays.fill(dst, n, dst.length, (byte) 0);
    return n + 1;
  }
}
