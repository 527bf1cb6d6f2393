package io.bpf4j.processor.model;

import io.bpf4j.object.kernel.ContextType;

/**
 * Every name of a bpf-annotations type or member the processor recognises, in one place, so that a
 * unit test can check each against the real classes (a rename there would otherwise silently turn
 * an intrinsic into "not supported"). Context interfaces are named by {@link ContextType}.
 */
public final class LangNames {
  private LangNames() {}

  /** The package of the annotations, with its trailing dot. */
  public static final String ANNOTATIONS = "io.bpf4j.annotations.";

  /** The package of the types BPF code calls, as an internal-name prefix. */
  public static final String LANG = "io/bpf4j/lang/";

  // ---- annotations (simple names; see annotation())

  public static final String SECTION = "Section";
  public static final String MAP = "Map";
  public static final String STRUCT = "Struct";
  public static final String LICENSE = "License";
  public static final String ATOMIC = "Atomic";

  /** The descriptor of a {@code BpfSpinLock} field of a {@code @Struct}. */
  public static final String SPIN_LOCK_DESCRIPTOR = "Lio/bpf4j/lang/BpfSpinLock;";

  public static final String HELPER = "Helper";
  public static final String TAIL_CALL_TARGET = "TailCallTarget";
  public static final String TAIL_CALL_TARGETS = "TailCallTargets";
  public static final String GLOBAL = "Global";
  public static final String CONFIG = "Config";
  public static final String KERNEL_STRUCT = "KernelStruct";
  public static final String INNER_MAP = "InnerMap";

  /** Every annotation the processor reads, by simple name. */
  public static final java.util.List<String> ALL_ANNOTATIONS =
      java.util.List.of(
          SECTION,
          MAP,
          STRUCT,
          LICENSE,
          ATOMIC,
          HELPER,
          TAIL_CALL_TARGET,
          TAIL_CALL_TARGETS,
          GLOBAL,
          CONFIG,
          KERNEL_STRUCT,
          INNER_MAP);

  // ---- annotation members

  /** {@code value()} of Section, License and TailCallTargets. */
  public static final String VALUE = "value";

  public static final String SECTION_ON_FAULT = "onFault";

  /** {@code Helper.id()}. */
  public static final String HELPER_ID = "id";

  /** {@code TailCallTarget.map()} and {@code index()}. */
  public static final String TAIL_CALL_MAP = "map";

  public static final String TAIL_CALL_INDEX = "index";

  /** The members of {@code @Map}. */
  public static final String MAP_TYPE = "type";

  public static final String MAP_MAX_ENTRIES = "maxEntries";
  public static final String MAP_NAME = "name";
  public static final String MAP_FLAGS = "flags";
  public static final String MAP_PINNING = "pinning";

  /** The {@code io.bpf4j.lang.MapType} constants a ProgArray and a RingBuf field need. */
  public static final String MAP_TYPE_PROG_ARRAY = "PROG_ARRAY";

  public static final String MAP_TYPE_RINGBUF = "RINGBUF";
  public static final String MAP_TYPE_PERF_EVENT_ARRAY = "PERF_EVENT_ARRAY";
  public static final String MAP_TYPE_QUEUE = "QUEUE";
  public static final String MAP_TYPE_LPM_TRIE = "LPM_TRIE";
  public static final String MAP_TYPE_STACK = "STACK";
  public static final String MAP_TYPE_ARRAY_OF_MAPS = "ARRAY_OF_MAPS";

  // ---- io.bpf4j.lang classes (internal names)

  public static final String BPF = LANG + "Bpf";
  public static final String CORE = LANG + "Core";

  /** {@code Bpf.currentTask(Class)} and {@code Core.view(Class, long)}. */
  public static final String BPF_CURRENT_TASK = "currentTask";

  public static final String CORE_VIEW = "view";
  public static final String CORE_EXISTS = "exists";
  public static final String CORE_SIZE_OF = "sizeOf";
  public static final String BPF_MAP = LANG + "BpfMap";
  public static final String PROG_ARRAY = LANG + "ProgArray";
  public static final String RING_BUF = LANG + "RingBuf";
  public static final String PERF_EVENT_ARRAY = LANG + "PerfEventArray";
  public static final String BPF_QUEUE = LANG + "BpfQueue";
  public static final String BPF_STACK = LANG + "BpfStack";
  public static final String MAP_TYPE_ENUM = LANG + "MapType";

  /** {@code BpfMap.lookup}, whose erased result javac casts to the map's value type. */
  public static final String BPF_MAP_LOOKUP = "lookup";

  public static final String BPF_MAP_UPDATE = "update";
  public static final String BPF_MAP_DELETE = "delete";

  /** {@code ProgArray.tailCall}. */
  public static final String PROG_ARRAY_TAIL_CALL = "tailCall";

  /** {@code RingBuf.output}. */
  public static final String RING_BUF_OUTPUT = "output";

  /** {@code RingBuf.reserve}, whose erased result javac casts to the record type. */
  public static final String RING_BUF_RESERVE = "reserve";

  public static final String RING_BUF_SUBMIT = "submit";
  public static final String RING_BUF_DISCARD = "discard";

  /** {@code PerfEventArray.output}. */
  public static final String PERF_EVENT_ARRAY_OUTPUT = "output";

  /** {@code BpfQueue.push / pop / peek} and the same on {@code BpfStack}. */
  public static final String QUEUE_PUSH = "push";

  public static final String QUEUE_POP = "pop";
  public static final String QUEUE_PEEK = "peek";

  /** The qualified name of annotation {@code simpleName} ({@code io.bpf4j.annotations.Section}). */
  public static String annotation(String simpleName) {
    return ANNOTATIONS + simpleName;
  }

  /** The binary name of io.bpf4j.lang class {@code internalName} ({@code io.bpf4j.lang.BpfMap}). */
  public static String binaryName(String internalName) {
    return internalName.replace('/', '.');
  }

  /** The context interface with internal name {@code internalName}, or null. */
  public static ContextType context(String internalName) {
    for (ContextType t : ContextType.values()) {
      if (t.hasJavaInterface() && t.internalName().equals(internalName)) {
        return t;
      }
    }
    return null;
  }
}
