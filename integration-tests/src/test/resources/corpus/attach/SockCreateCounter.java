package corpus.attach;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.BpfSock;
import io.bpf4j.lang.MapType;

/** IPv4 UDP sockets created in a cgroup, counted (and allowed) by a cgroup/sock_create program. */
@License("GPL")
public final class SockCreateCounter {
  static final int AF_INET = 2;
  static final int SOCK_DGRAM = 2;

  @Map(type = MapType.ARRAY, maxEntries = 1)
  static BpfMap<Integer, Long> udpSockets;

  @Section("cgroup/sock_create")
  public static int onSockCreate(BpfSock sk) {
    if (sk.family() == AF_INET && sk.type() == SOCK_DGRAM) {
      Long n = udpSockets.lookup(0);
      udpSockets.update(0, n == null ? 1L : n + 1, BpfMap.ANY);
    }
    return 1;
  }

  private SockCreateCounter() {}
}
