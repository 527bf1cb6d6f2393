package io.bpf4j.runtime;

/**
 * Where an XDP program runs on an interface: the {@code XDP_FLAGS_*_MODE} flag passed with {@code
 * BPF_LINK_CREATE}. {@link #DEFAULT} lets the kernel choose (the driver when it supports XDP, else
 * generic).
 */
public enum XdpMode {
  /** No mode flag: driver mode when the driver has XDP, generic otherwise. */
  DEFAULT(0, "default"),
  /** {@code XDP_FLAGS_SKB_MODE}: after the skb is built; works on every interface, slowest. */
  GENERIC(2, "generic (skb)"),
  /** {@code XDP_FLAGS_DRV_MODE}: in the driver's receive path; needs XDP support in the driver. */
  DRIVER(4, "driver (native)"),
  /** {@code XDP_FLAGS_HW_MODE}: on the NIC; needs an offload-capable NIC and driver (nfp). */
  OFFLOAD(8, "offload (hardware)");

  private final int flag;
  private final String description;

  XdpMode(int flag, String description) {
    this.flag = flag;
    this.description = description;
  }

  /** The {@code XDP_FLAGS_*_MODE} value. */
  public int flag() {
    return flag;
  }

  /** A name for messages: "driver (native)". */
  public String description() {
    return description;
  }
}
