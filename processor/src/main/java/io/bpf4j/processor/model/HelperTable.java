package io.bpf4j.processor.model;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which kernel helpers each program type may call, for the helpers that not every type may call.
 * The facts were probed on Linux 6.18 by loading a call of each helper in each program type
 * (integration-tests' HelperTableTest checks them against the running kernel); helpers not listed
 * here are allowed in every program type bpf4j compiles.
 */
public final class HelperTable {
  private static final Set<ProgramType> SKB =
      EnumSet.of(ProgramType.SOCKET_FILTER, ProgramType.SCHED_CLS, ProgramType.CGROUP_SKB);

  private static final Map<Integer, Set<ProgramType>> RESTRICTED =
      Map.of(
          26, SKB, // bpf_skb_load_bytes
          46, SKB, // bpf_get_socket_cookie
          47, SKB, // bpf_get_socket_uid
          188, EnumSet.of(ProgramType.XDP), // bpf_xdp_get_buff_len
          189, EnumSet.of(ProgramType.XDP)); // bpf_xdp_load_bytes

  private static final Map<Integer, String> NAMES =
      Map.of(
          26, "bpf_skb_load_bytes",
          46, "bpf_get_socket_cookie",
          47, "bpf_get_socket_uid",
          188, "bpf_xdp_get_buff_len",
          189, "bpf_xdp_load_bytes");

  private HelperTable() {}

  /** Whether programs of {@code type} may call helper {@code id}. */
  public static boolean allowed(int id, ProgramType type) {
    Set<ProgramType> types = RESTRICTED.get(id);
    return types == null || types.contains(type);
  }

  /** The program types that may call helper {@code id}, or null when all may. */
  public static Set<ProgramType> allowedTypes(int id) {
    return RESTRICTED.get(id);
  }

  /** The helper's kernel name, or {@code helper <id>}. */
  public static String name(int id) {
    return NAMES.getOrDefault(id, "helper " + id);
  }
}
