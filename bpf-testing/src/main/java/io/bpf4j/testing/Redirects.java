package io.bpf4j.testing;

import io.bpf4j.lang.MapType;
import io.bpf4j.object.kernel.Errno;
import java.lang.reflect.Field;

/**
 * {@code bpf_redirect} and {@code bpf_redirect_map} ({@code net/core/filter.c}): what they return
 * and the target they leave in the CPU's {@code bpf_redirect_info}, which the kernel acts on only
 * when the program then returns the redirect action.
 */
final class Redirects {
  static final long F_INGRESS = 1;
  static final long F_BROADCAST = 1 << 3;
  static final long F_EXCLUDE_INGRESS = 1 << 4;

  private static final int XDP_ABORTED = 0;
  static final int XDP_REDIRECT = 4;
  private static final int TC_ACT_SHOT = 2;
  static final int TC_ACT_REDIRECT = 7;

  /** {@code XDP_ABORTED | XDP_DROP | XDP_PASS | XDP_TX}: the fallback action in the flags. */
  private static final long ACTION_MASK = 3;

  private Redirects() {}

  static boolean isRedirectMap(MapType type) {
    return type == MapType.DEVMAP
        || type == MapType.DEVMAP_HASH
        || type == MapType.CPUMAP
        || type == MapType.XSKMAP;
  }

  /**
   * {@code bpf_redirect}: XDP refuses any flag with {@code XDP_ABORTED}; tc accepts only {@code
   * BPF_F_INGRESS} and refuses the rest with {@code TC_ACT_SHOT}.
   */
  static int redirect(RunContext run, int ifindex, long flags, boolean xdp) {
    if (xdp) {
      if (flags != 0) {
        return XDP_ABORTED;
      }
      run.redirectTarget(SimRedirect.toInterface(ifindex, 0));
      return XDP_REDIRECT;
    }
    if ((flags & ~F_INGRESS) != 0) {
      return TC_ACT_SHOT;
    }
    run.redirectTarget(SimRedirect.toInterface(ifindex, flags));
    return TC_ACT_REDIRECT;
  }

  /**
   * {@code __bpf_xdp_redirect_map}: unknown flags are {@code XDP_ABORTED}; a missing target clears
   * the earlier one and returns the action in the low two bits of {@code flags}, unless {@code
   * BPF_F_BROADCAST} (devmaps only) asks for every entry.
   */
  static int redirectMap(RunContext run, KernelMap<?, ?> map, Object key, long flags) {
    boolean devmap = map.type == MapType.DEVMAP || map.type == MapType.DEVMAP_HASH;
    long allowed = ACTION_MASK | (devmap ? F_BROADCAST | F_EXCLUDE_INGRESS : 0);
    if ((flags & ~allowed) != 0) {
      return XDP_ABORTED;
    }
    java.util.List<Object> values = map.userLookup(key);
    if (values == null && (flags & F_BROADCAST) == 0) {
      run.redirectTarget(null);
      return (int) (flags & ACTION_MASK);
    }
    int index = ((Number) key).intValue();
    int ifindex = devmap && values != null ? firstInt(values.get(0)) : 0;
    long kept = (flags & F_BROADCAST) != 0 ? flags : 0;
    run.redirectTarget(new SimRedirect(ifindex, kept, map.name, map.type, index));
    return XDP_REDIRECT;
  }

  /** A devmap value is a u32 ifindex, or a struct whose first field is the ifindex. */
  private static int firstInt(Object value) {
    if (value instanceof Number n) {
      return n.intValue();
    }
    Field[] fields = value.getClass().getDeclaredFields();
    try {
      fields[0].setAccessible(true);
      return ((Number) fields[0].get(value)).intValue();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new SimulationException("cannot read the ifindex of devmap value " + value, e);
    }
  }

  /** {@link #checkArrayDelete}'s answer for an empty slot of an array-indexed redirect map. */
  static final int DELETE_EMPTY_SLOT = Integer.MIN_VALUE;

  /**
   * The delete rules of the array-indexed redirect maps: an index past the end is {@code -EINVAL},
   * an empty slot is deleted without complaint ({@link #DELETE_EMPTY_SLOT}); 1 to go on (a present
   * element, or a map of another kind).
   */
  static int checkArrayDelete(KernelMap<?, ?> map, Object key) {
    if (!isRedirectMap(map.type) || map.type == MapType.DEVMAP_HASH) {
      return 1;
    }
    if (Integer.compareUnsigned(((Number) key).intValue(), map.maxEntries) >= 0) {
      return -Errno.EINVAL;
    }
    return map.userLookup(key) == null ? DELETE_EMPTY_SLOT : 1;
  }

  /**
   * The update checks of the array-indexed redirect maps ({@code DEVMAP}, {@code CPUMAP}, {@code
   * XSKMAP}): an index past the end is {@code -E2BIG}, {@code BPF_NOEXIST} {@code -EEXIST} (every
   * slot exists), flags above {@code BPF_EXIST} {@code -EINVAL}; 0 to go on.
   */
  static int checkArrayUpdate(KernelMap<?, ?> map, Object key, long flags) {
    if (!isRedirectMap(map.type) || map.type == MapType.DEVMAP_HASH) {
      return 0;
    }
    if (flags > 2) {
      return -Errno.EINVAL;
    }
    if (Integer.compareUnsigned(((Number) key).intValue(), map.maxEntries) >= 0) {
      return -Errno.E2BIG;
    }
    if (flags == 1 && map.type != MapType.XSKMAP) {
      return -Errno.EEXIST;
    }
    return 0;
  }
}
