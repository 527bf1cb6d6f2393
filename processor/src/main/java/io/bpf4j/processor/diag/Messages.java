package io.bpf4j.processor.diag;

/**
 * The catalogue of every message the processor reports: what is wrong, and what to write instead.
 * Each message is a method so that tests and code refer to the same text.
 */
public final class Messages {
  private Messages() {}

  public static String floatingPoint() {
    return "floating point is not supported in BPF code: the kernel has no FPU context for BPF;"
        + " use int or long arithmetic (for example fixed-point values scaled by 1000)";
  }

  public static String newOfNonStruct(String type) {
    return "cannot allocate "
        + type
        + " in BPF code: only @Struct classes can be created with"
        + " new (they live on the BPF stack); annotate the class with @Struct or use a map value";
  }

  public static String exceptions() {
    return "exceptions are not supported in BPF code: throw and try/catch have no BPF equivalent;"
        + " return an error code instead (an operation that would throw in Java, such as a"
        + " division by zero, already ends the program with 0)";
  }

  public static String monitors() {
    return "synchronized is not supported in BPF code; use @Atomic fields for counters shared"
        + " between CPUs";
  }

  public static String lpmTrieKey(String field, String problem) {
    return "the key of LPM_TRIE map "
        + field
        + " must be a @Struct whose first field is int prefixLen, followed by the data bytes"
        + " (network order), as struct bpf_lpm_trie_key_u8: "
        + problem;
  }

  public static String virtualCall(String owner, String method) {
    return "cannot call "
        + owner
        + "."
        + method
        + " in BPF code: only intrinsics (BpfMap,"
        + " ProgArray, SkBuff, XdpMd, RingBuf, BpfQueue, BpfStack, Bpf) and static methods of the same class compile;"
        + " move the logic into a static method of this class";
  }

  public static String referenceCast(String type) {
    return "a cast to "
        + type
        + " is not supported in BPF code: objects carry no type at run time, so the cast"
        + " cannot be checked; declare the variable with the type it has (a map lookup needs no"
        + " cast)";
  }

  public static String nativeWithoutHelper(String method) {
    return "native method "
        + method
        + " is not a kernel helper: annotate it with @Helper(id = ...) to call"
        + " the BPF helper of that number, or give it a body";
  }

  public static String recursion(String cycle) {
    return "recursion is not supported in BPF code (the verifier rejects call cycles): "
        + cycle
        + "; rewrite it as a loop with a constant bound";
  }

  public static String lambdas() {
    return "lambdas and method references are not supported in BPF code; write a static method"
        + " and call it directly";
  }

  public static String secondSpinLock(String struct) {
    return "@Struct " + struct + " has a second BpfSpinLock; the kernel takes one per map value";
  }

  public static String spinLockField(String field) {
    return "BpfSpinLock field "
        + field
        + " can only be passed to Bpf.spinLock and Bpf.spinUnlock (the verifier refuses other"
        + " accesses)";
  }

  public static String spinLockOnStack() {
    return "Bpf.spinLock and Bpf.spinUnlock take the lock of a map value (looked up), not of a"
        + " @Struct on the stack";
  }

  public static String callWhileLocked(String what) {
    return what
        + " while a bpf_spin_lock is held: the verifier allows only loads and stores until"
        + " Bpf.spinUnlock";
  }

  public static String spinLockProgramType(String type) {
    return "the kernel refuses bpf_spin_lock in "
        + type
        + " programs; take the lock in XDP, tc, cgroup or socket-ops programs";
  }

  public static String secondLockWhileLocked() {
    return "Bpf.spinLock while a bpf_spin_lock is already held: the verifier allows one at a time";
  }

  public static String unlockWithoutLock() {
    return "Bpf.spinUnlock without a Bpf.spinLock held on this path";
  }

  public static String returnWhileLocked() {
    return "a path leaves the method while a bpf_spin_lock is held; call Bpf.spinUnlock on every"
        + " path (the verifier refuses it)";
  }

  public static String loopCallbackCaptures() {
    return "a Bpf.loop callback cannot capture values (bpf_loop passes only the index and ctx); pass"
        + " them in the ctx @Struct";
  }

  public static String loopCallbackNotStatic(String name) {
    return "the Bpf.loop callback "
        + name
        + " must be a static method of the program class (Prog::"
        + name
        + " or a lambda), compiled as a BPF subprogram";
  }

  public static String loopCallbackSignature(String name) {
    return "the Bpf.loop callback "
        + name
        + " must be static long "
        + name
        + "(int index, C ctx), C a @Struct, returning 0 to go on or 1 to stop";
  }

  public static String loopContext() {
    return "the Bpf.loop ctx must be a @Struct local of this method (bpf_loop takes a pointer to the"
        + " stack) or null";
  }

  public static String loopCount(long n) {
    return "Bpf.loop runs at most Bpf.MAX_LOOPS (8388608) iterations; " + n + " returns -E2BIG";
  }

  public static String nonConstantString() {
    return "only string literals are supported in BPF code, as printk formats; pass the"
        + " literal directly to Bpf.printk";
  }

  public static String arrays() {
    return "only primitive arrays of constant length are supported in BPF code (they live on the"
        + " BPF stack); use a primitive element type and a constant length, or @Struct fields";
  }

  public static String arrayLength() {
    return "an array's length must be a compile-time constant in BPF code (arrays live on the"
        + " 512-byte BPF stack); write new int[16], or use a constant";
  }

  public static String arrayLocal() {
    return "each use of an array in BPF code must see one array, known at compile time (its"
        + " length and place on the stack are fixed): a local assigned different arrays on"
        + " different paths, or an array chosen with ?:, is not supported; use one variable per"
        + " array";
  }

  public static String assertions() {
    return "assert is not supported in BPF code: a BPF program cannot have assertions enabled;"
        + " check the condition with if and return an error code";
  }

  public static String staticFieldWrite(String field) {
    return "cannot assign static field "
        + field
        + " in BPF code: only @Global fields are variables BPF code writes; annotate the field"
        + " with @Global (or keep the state in a @Map)";
  }

  public static String staticFieldRead(String field) {
    return "cannot read static field "
        + field
        + " in BPF code: only @Map, @Global and @Config fields and"
        + " compile-time constants (static final primitives) are available; make it a"
        + " static final constant, a @Global variable, @Config or a @Map";
  }

  public static String instanceField(String owner, String field) {
    return "cannot access field "
        + owner
        + "."
        + field
        + ": only fields of @Struct classes"
        + " exist in BPF code";
  }

  public static String boxing(String wrapper, String primitive) {
    return "a boxed "
        + wrapper
        + " is not supported in BPF code: only Integer and Long box, as map keys and"
        + " values; declare the variable as "
        + primitive;
  }

  public static String mapInLocal() {
    return "a map cannot be stored in a local variable or passed around in BPF code; use the"
        + " @Map field directly at each call";
  }

  public static String unsupportedInstruction(String what) {
    return what + " is not supported in BPF code";
  }

  public static String atomicResultUsed(String field) {
    return "the value of a compound assignment to @Atomic field "
        + field
        + " cannot be used:"
        + " a BPF atomic add does not return it; write the assignment as its own statement";
  }

  public static String atomicUnsupportedOp(String field) {
    return "@Atomic field "
        + field
        + " supports only +=, -=, |=, &=, ^=, ++ and --; for other"
        + " operations remove @Atomic and accept that concurrent updates may be lost";
  }

  public static String stackTooLarge(int bytes, String users) {
    return "this program needs "
        + bytes
        + " bytes of BPF stack, more than the kernel's 512;"
        + " biggest users: "
        + users
        + "; move large objects into a PERCPU_ARRAY map";
  }

  public static String tooManyArguments(String method, int count) {
    return "method "
        + method
        + " has "
        + count
        + " argument slots; BPF functions take at most"
        + " 5 register arguments: pass a @Struct instead";
  }

  public static String tooManyArgumentsToFail(String method, int count) {
    return "method "
        + method
        + " has "
        + count
        + " arguments and may fail where Java would throw"
        + " (division, array access, dereference, packet read), which takes a hidden argument;"
        + " BPF functions take at most 5: pass at most 4, or a @Struct";
  }

  public static String helperNotAllowed(
      String helper, String section, String program, String allowed) {
    return helper
        + " is not available to "
        + section
        + " programs (reached from program "
        + program
        + "); the kernel allows it only in "
        + allowed
        + " programs";
  }

  public static String unsupportedType(String type) {
    return "type "
        + type
        + " is not supported in BPF code; use boolean, byte, short, char, int,"
        + " long or a @Struct class";
  }

  public static String internalError(String method, String detail) {
    return "internal error of the bpf4j processor while compiling "
        + method
        + ": "
        + detail
        + "; please report it with this method's source";
  }

  public static String loopBound() {
    return "this loop has no bound the verifier can see; use a loop with a constant trip count";
  }

  public static String contextMismatch(String section, String expected, String actual) {
    return "a program in section \""
        + section
        + "\" receives "
        + expected
        + ", but this method"
        + " takes "
        + actual
        + "; change the parameter to "
        + expected;
  }

  public static String unknownSection(String section) {
    return "unknown program section \""
        + section
        + "\"; use socket, tc, classifier,"
        + " tcx/ingress, tcx/egress, xdp, cgroup_skb/ingress, cgroup_skb/egress,"
        + " tracepoint/<category>/<event>, raw_tracepoint/<event>, kprobe/<function>,"
        + " uprobe/<path>:<symbol>, uretprobe/<path>:<symbol>, tp_btf/<event>, fentry/<function>,"
        + " fexit/<function>, lsm/<hook>, cgroup/sock_create, cgroup/sock_release,"
        + " cgroup/post_bind4, cgroup/post_bind6 or sockops";
  }

  public static String tracedArgumentsShape(String method, String section) {
    return "@Section(\""
        + section
        + "\") method "
        + method
        + " must be static and return int; its parameters are the traced arguments in order"
        + " (at most 12, each boolean, byte, short, char, int or long, or a @KernelStruct view"
        + " for a struct pointer), and it takes no context object";
  }

  public static String tracedArgumentType(String section, String parameter) {
    return "parameter "
        + parameter
        + " of a \""
        + section
        + "\" program is a traced argument: it must be boolean, byte, short, char, int or long"
        + " (a kernel pointer as a long), or a @KernelStruct view of the struct it points to";
  }

  public static String contextFieldNotAtAttachPoint(String field, String section) {
    return field
        + "() cannot be read in a \""
        + section
        + "\" program: the kernel lets only some attach points read it (see BpfSock)";
  }

  public static String perfEventArrayField() {
    return "a PerfEventArray field needs @Map(type = MapType.PERF_EVENT_ARRAY, maxEntries = 0)"
        + " (0: one ring per possible CPU, as libbpf sizes it)";
  }

  /** A reservation that some path neither submits nor discards. */
  public static String ringRecordLeaked(String ring) {
    return "the record reserved here from "
        + ring
        + " is neither submitted nor discarded on some path; call "
        + ring
        + ".submit(record) or "
        + ring
        + ".discard(record) on every path after the null check (the verifier refuses"
        + " a program that leaves a reservation open)";
  }

  /** A reservation still open where the program fails (a division by zero, ...). */
  public static String ringRecordLeakedOnFailure(String ring, int failureLine) {
    return "the record reserved here from "
        + ring
        + " is neither submitted nor discarded when the statement on line "
        + failureLine
        + " fails (a division by zero, an index out of bounds, a null value or a packet read"
        + " past the end ends the program there); submit or discard the record before it, or"
        + " make that statement unable to fail";
  }

  /** A use of a record after its submit or discard. */
  public static String ringRecordUsedAfterRelease() {
    return "this record was already submitted or discarded (on some path): after"
        + " submit(record) or discard(record) the record belongs to the ring buffer and must not"
        + " be used again";
  }

  /** A reserved record handed where the check cannot follow it. */
  public static String ringRecordEscapes(String where) {
    return "a reserved ring buffer record cannot be "
        + where
        + "; use it, then submit or discard it, in this method (or in small methods bpf4j"
        + " inlines)";
  }

  public static String sectionMethodShape(String method) {
    return "@Section method "
        + method
        + " must be static, return int and take exactly one"
        + " context parameter";
  }

  public static String mapFieldShape(String field) {
    return "@Map field "
        + field
        + " must be a static field of type BpfMap<K, V>, ProgArray,"
        + " RingBuf<T> or PerfEventArray<T>";
  }

  public static String mapKeyValueType(String field, String type) {
    return "@Map field "
        + field
        + " uses "
        + type
        + " as key or value; use Integer, Long or a"
        + " @Struct class";
  }

  public static String newStillInUse() {
    return "this new runs again (in a loop) while the object it created before is still in use;"
        + " in BPF code each new has one stack slot, so the old object would change: copy the"
        + " fields you keep into locals, or create the objects outside the loop";
  }

  public static String structFieldType(String struct, String field) {
    return "field "
        + struct
        + "."
        + field
        + " of a @Struct must be a primitive (boolean, byte,"
        + " short, char, int, long) or a fixed array of one (byte[] comm = new byte[16]);"
        + " floating point and references have no C layout here";
  }

  public static String structExtends(String struct, String superclass) {
    return "@Struct class "
        + struct
        + " cannot extend "
        + superclass
        + ": a struct's layout is the fields it declares itself; declare all of its fields in "
        + struct;
  }

  public static String structArrayLength(String struct, String field) {
    return "array field "
        + struct
        + "."
        + field
        + " of a @Struct needs a constant length in its initializer, e.g. byte[] "
        + field
        + " = new byte[16]: the array is laid out inside the struct, as in C";
  }

  public static String structArrayAssigned(String field) {
    return "array field "
        + field
        + " is laid out inside its @Struct and cannot be replaced; write its elements ("
        + field
        + "[i] = ...) instead";
  }

  public static String structInitializer(String struct) {
    return "@Struct class "
        + struct
        + " cannot initialize its fields in Java code (field initializers,"
        + " initializer blocks, constructor bodies): new "
        + struct
        + "() in BPF code only zeroes the object on the stack; assign the fields after new";
  }

  public static String atomicFieldType(String field) {
    return "@Atomic field " + field + " must be int or long: BPF atomics work on 32 and 64 bits";
  }

  public static String tailCallTarget(String map) {
    return "@TailCallTarget names map " + map + ", which is not a PROG_ARRAY @Map of this class";
  }

  public static String helperShape(String method) {
    return "@Helper method "
        + method
        + " must be static native, take at most 5 int, long or"
        + " reference arguments and return void, int or long";
  }

  public static String configWrite(String field) {
    return "cannot assign @Config field "
        + field
        + " in BPF code: configuration lives in .rodata, which programs only read (the verifier"
        + " treats it as a constant); set it from user space before load, or make it @Global";
  }

  public static String globalAndConfig(String field) {
    return "field " + field + " is both @Global and @Config; choose one";
  }

  public static String globalAndMap(String field, String annotation) {
    return "field " + field + " is both @Map and " + annotation + "; choose one";
  }

  public static String globalFieldShape(String field, String annotation) {
    return annotation
        + " field "
        + field
        + " must be static and not final: javac inlines static final constants, so the"
        + " kernel would never see the variable; declare it 'static' (a constant stays 'static"
        + " final' without "
        + annotation
        + ")";
  }

  public static String globalFieldType(String field, String annotation, String type) {
    return annotation
        + " field "
        + field
        + " has type "
        + type
        + ": a global variable is a primitive (boolean, byte, short, char, int, long), a"
        + " @Struct class or a primitive array of constant length";
  }

  public static String globalAtomicConfig(String field) {
    return "@Config field " + field + " cannot be @Atomic: BPF code only reads configuration";
  }

  public static String globalInitializer(String field) {
    return "the initializer of global variable "
        + field
        + " is not a constant: the static initializer never runs in the kernel, so the value"
        + " must be known at compile time; use a literal, a static final constant, new T[n],"
        + " an array literal of constants or new S() of a @Struct";
  }

  public static String globalArrayLength(String field) {
    return "global array "
        + field
        + " needs a constant length from its initializer (new long[16] or {1, 2, 3}): the"
        + " variable's size is fixed in the object";
  }

  public static String globalArrayAssigned(String field) {
    return "cannot assign a new array to global "
        + field
        + " in BPF code: its memory is fixed in the object; write its elements instead";
  }

  public static String globalStructAssigned(String field) {
    return "cannot assign a new object to global "
        + field
        + " in BPF code: its memory is fixed in the object; write its fields instead";
  }

  // ---- @KernelStruct views and CO-RE

  public static String kernelStructName(String view, String name) {
    return "@KernelStruct on "
        + view
        + " needs the kernel struct's name as in the kernel's BTF (e.g."
        + " @KernelStruct(\"task_struct\")), not \""
        + name
        + "\"";
  }

  public static String kernelStructFieldType(String view, String field) {
    return "field "
        + view
        + "."
        + field
        + " of a @KernelStruct view must be a primitive of the kernel field's size, another"
        + " @KernelStruct class (a pointer to that struct) or a fixed primitive array (byte[] comm"
        + " = new byte[16]); bitfields are not supported yet";
  }

  public static String kernelStructWrite(String view, String field) {
    return "field "
        + view
        + "."
        + field
        + " is a view of kernel memory and is read-only in BPF code; copy it into a local or a"
        + " @Struct to change it";
  }

  public static String kernelStructNew(String view) {
    return "a @KernelStruct view ("
        + view
        + ") cannot be created in BPF code: it views kernel memory; get one from"
        + " Bpf.currentTask("
        + view
        + ".class), Core.view("
        + view
        + ".class, address) or a typed tracing parameter";
  }

  public static String coreQuestion(String method) {
    return "Core."
        + method
        + " needs a field read of a @KernelStruct view as its argument, e.g. Core."
        + method
        + "(task.real_parent): the field is not read, the loader answers from the kernel's BTF";
  }

  public static String viewClassLiteral(String method) {
    return method
        + " needs a @KernelStruct class literal as its first argument, e.g. Bpf.currentTask(Task"
        + ".class)";
  }

  public static String packetReadOnly(String method, String section) {
    return method
        + " writes the packet, but "
        + section
        + " programs see it read-only (the kernel gives socket filters and cgroup_skb programs no"
        + " packet writes and no bpf_skb_store_bytes); change packets in a tc program"
        + " (@Section(\"tc\") or \"tcx/ingress\") or in XDP (@Section(\"xdp\"))";
  }

  public static String linearLengthOutsideTc(String section) {
    return "linearLength() reads __sk_buff's data and data_end, which "
        + section
        + " programs may not (the kernel gives them to tc programs only); call it in a tc program"
        + " (@Section(\"tc\") or \"tcx/ingress\"), or compare len() instead";
  }

  public static String csumFieldSize(String method) {
    return method
        + " needs the field's size as a constant: 2 or 4 (l4CsumReplace: 2 or 4 or'ed with"
        + " F_PSEUDO_HDR / F_MARK_MANGLED_0), or 0 when `to` is a Bpf.csumDiff result; the"
        + " compiler swaps `from` and `to` to network order by that size";
  }

  public static String csumDiffArray(String which) {
    return "Bpf.csumDiff needs `"
        + which
        + "` as a byte[] of constant length that is a multiple of 4 (the kernel sums 32-bit"
        + " words), or null for none";
  }

  public static String redirectMapType(String map, String type) {
    return "redirect works only on DEVMAP, DEVMAP_HASH, CPUMAP and XSKMAP maps (bpf_redirect_map);"
        + " map "
        + map
        + " is a "
        + type
        + ": use Bpf.redirect(ifindex, flags) to send to an interface directly";
  }
}
