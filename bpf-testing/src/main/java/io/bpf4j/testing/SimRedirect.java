package io.bpf4j.testing;

import io.bpf4j.lang.MapType;

/**
 * Where a run sent its packet: the target of the last successful {@code bpf_redirect} or {@code
 * bpf_redirect_map} when the program returned {@code XDP_REDIRECT} or {@code TC_ACT_REDIRECT}.
 *
 * @param ifindex the interface: {@code bpf_redirect}'s argument, or for a {@code DEVMAP}/{@code
 *     DEVMAP_HASH} the ifindex stored under the key; 0 for a {@code CPUMAP} or {@code XSKMAP}
 * @param flags {@code bpf_redirect}'s flags ({@code BPF_F_INGRESS} = 1 sends it to the interface's
 *     receive path in tc); for a map the flags the kernel keeps ({@code BPF_F_BROADCAST} and {@code
 *     BPF_F_EXCLUDE_INGRESS}, else 0)
 * @param map the map's name, or null for {@code bpf_redirect}
 * @param mapType the map's type, or null for {@code bpf_redirect}
 * @param key the map key: for a {@code CPUMAP} the CPU, for an {@code XSKMAP} the queue whose
 *     socket gets the frame
 */
public record SimRedirect(int ifindex, long flags, String map, MapType mapType, int key) {
  /** A {@code bpf_redirect} to {@code ifindex}. */
  public static SimRedirect toInterface(int ifindex, long flags) {
    return new SimRedirect(ifindex, flags, null, null, 0);
  }

  /** Whether the target came from a map. */
  public boolean viaMap() {
    return map != null;
  }
}
