package io.bpf4j.runtime.links;

import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.sys.Kernel;

/** Network interfaces by name, as programs attach to them. */
public final class Interfaces {
  private Interfaces() {}

  /** The index of interface {@code ifname}; an error that says how to list them when none. */
  public static int index(Kernel kernel, String ifname) {
    int ifindex = kernel.ifNameToIndex(ifname);
    if (ifindex == 0) {
      throw new BpfException(
          0, "no network interface named " + ifname + "; list them with: ip link");
    }
    return ifindex;
  }
}
