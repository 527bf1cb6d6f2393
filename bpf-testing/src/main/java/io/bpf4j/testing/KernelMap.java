package io.bpf4j.testing;

import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated key/value map: BPF code uses it through {@link BpfMap} (the helpers' semantics), the
 * test through {@link SimMap} (the {@code bpf(2)} syscall's semantics). Values live here as Java
 * objects; a {@code @Struct} value that BPF code looked up is the stored object itself.
 */
abstract class KernelMap<K, V> implements BpfMap<K, V> {
  /** One element: a private copy of its key and one value per CPU (one for other maps). */
  static final class Element {
    final Object key;
    Object[] values;

    Element(Object key, Object[] values) {
      this.key = key;
      this.values = values;
    }
  }

  /**
   * Ids as the kernel gives maps: unique, never reused; what a map of maps answers lookups with.
   */
  private static final java.util.concurrent.atomic.AtomicInteger NEXT_ID =
      new java.util.concurrent.atomic.AtomicInteger(1);

  final int id = NEXT_ID.getAndIncrement();
  final String name;
  final MapType type;
  final int maxEntries;
  final ValueLayout keys;
  final ValueLayout values;
  final boolean perCpu;
  private final CpuView cpus;

  KernelMap(
      String name,
      MapType type,
      int maxEntries,
      ValueLayout keys,
      ValueLayout values,
      boolean perCpu,
      CpuView cpus) {
    this.name = name;
    this.type = type;
    this.maxEntries = maxEntries;
    this.keys = keys;
    this.values = values;
    this.perCpu = perCpu;
    this.cpus = cpus;
  }

  /** The values of the element under {@code key}, as copies, or null when there is none. */
  abstract List<Object> userLookup(Object key);

  /**
   * A user-space update: {@code newValues} holds one value per possible CPU for per-CPU maps, one
   * value otherwise. Returns 0 or a negative errno.
   */
  abstract int userUpdate(Object key, List<?> newValues, long flags);

  /** A user-space delete: 0 or a negative errno. */
  abstract int userDelete(Object key);

  /** Every element, in the map's iteration order. */
  abstract List<Element> elements();

  /** The number of values an element holds: the possible CPUs for per-CPU maps, else 1. */
  int slots() {
    return perCpu ? cpus.possibleCpus() : 1;
  }

  /** The value slot BPF code sees: the current CPU's for per-CPU maps. */
  int slot() {
    if (!perCpu) {
      return 0;
    }
    int cpu = cpus.currentCpu();
    if (cpu >= cpus.possibleCpus()) {
      throw new SimulationException(
          "BPF code runs on CPU "
              + cpu
              + " but per-CPU map "
              + name
              + " holds values for "
              + cpus.possibleCpus()
              + " possible CPUs; raise BpfSimulator.possibleCpus");
    }
    return cpu;
  }

  /** The element's value array, grown to the possible CPUs (new CPUs start zeroed). */
  Object[] valuesOf(Element e) {
    int n = slots();
    if (e.values.length < n) {
      Object[] grown = java.util.Arrays.copyOf(e.values, n);
      for (int i = e.values.length; i < n; i++) {
        grown[i] = values.zero();
      }
      e.values = grown;
    }
    return e.values;
  }

  /** Copies of the element's values (one per possible CPU). */
  List<Object> copies(Element e) {
    Object[] vs = valuesOf(e);
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < slots(); i++) {
      out.add(values.copy(vs[i]));
    }
    return out;
  }

  /** Stores {@code value} into slot {@code i} of {@code e} as a kernel memcpy into the element. */
  void storeInPlace(Element e, int i, Object value) {
    Object[] vs = valuesOf(e);
    if (values.isStruct()) {
      values.copyInto(value, vs[i]);
    } else {
      vs[i] = value;
    }
  }

  /** A fresh value array for a new element: {@code value} on CPU {@code cpu}, zero elsewhere. */
  Object[] freshValues(int cpu, Object value) {
    Object[] vs = new Object[slots()];
    for (int i = 0; i < vs.length; i++) {
      vs[i] = i == cpu ? values.copy(value) : values.zero();
    }
    return vs;
  }

  /** A fresh value array from user space: one value per slot. */
  Object[] userValues(List<?> newValues) {
    Object[] vs = new Object[slots()];
    for (int i = 0; i < vs.length; i++) {
      vs[i] = values.copy(newValues.get(i));
    }
    return vs;
  }

  /**
   * {@code BPF_F_LOCK}: update the value under its spin lock (copying into a present element in
   * place, the lock itself untouched); the kernel refuses it ({@code -EINVAL}) for a map whose
   * values hold no {@code bpf_spin_lock}.
   */
  static final long F_LOCK = 4;

  /**
   * Whether the kernel refuses these update flags as invalid: anything but {@code BPF_ANY}, {@code
   * BPF_NOEXIST} or {@code BPF_EXIST}, plus {@code BPF_F_LOCK} when the values hold a spin lock.
   */
  boolean invalidUpdateFlags(long flags) {
    boolean lock = (flags & F_LOCK) != 0;
    return unknownFlags(flags & ~F_LOCK) || (lock && !values.hasSpinLock());
  }

  /** Whether {@code flags} is above {@code BPF_EXIST} as an unsigned 64-bit number. */
  static boolean unknownFlags(long flags) {
    return Long.compareUnsigned(flags, EXIST) > 0;
  }

  /** A key or value from BPF code must not be null: see {@link NullArgumentException}. */
  void requireNonNull(Object keyOrValue, String what) {
    if (keyOrValue == null) {
      throw new NullArgumentException(name, what);
    }
  }

  void requireKey(Object key) {
    if (!keys.type().isInstance(key)) {
      throw new IllegalArgumentException(
          "map "
              + name
              + " has "
              + keys.type().getSimpleName()
              + " keys, not "
              + (key == null ? "null" : key.getClass().getSimpleName()));
    }
  }

  void requireValue(Object value) {
    if (!values.type().isInstance(value)) {
      throw new IllegalArgumentException(
          "map "
              + name
              + " has "
              + values.type().getSimpleName()
              + " values, not "
              + (value == null ? "null" : value.getClass().getSimpleName()));
    }
  }

  /**
   * {@code bpf_redirect_map}, on the redirect map kinds only (the processor refuses it elsewhere).
   */
  @Override
  public int redirect(K key, long flags) {
    if (!Redirects.isRedirectMap(type)) {
      throw new SimulationException(
          "redirect works on DEVMAP, DEVMAP_HASH, CPUMAP and XSKMAP maps, not on "
              + type
              + " "
              + name);
    }
    RunContext run = RunContext.current();
    if (run == null) {
      throw new SimulationException("redirect is a helper: call it from a program run");
    }
    return Redirects.redirectMap(run, this, key, flags);
  }
}
