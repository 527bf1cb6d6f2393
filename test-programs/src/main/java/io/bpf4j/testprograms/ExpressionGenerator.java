package io.bpf4j.testprograms;

import static io.bpf4j.testprograms.Expr.assignable;
import static io.bpf4j.testprograms.Expr.exact;
import static io.bpf4j.testprograms.Expr.lit;

import io.bpf4j.lang.MapType;
import io.bpf4j.testprograms.Expr.Bin;
import io.bpf4j.testprograms.Expr.Call;
import io.bpf4j.testprograms.Expr.Cast;
import io.bpf4j.testprograms.Expr.Cond;
import io.bpf4j.testprograms.Expr.CtxField;
import io.bpf4j.testprograms.Expr.Elem;
import io.bpf4j.testprograms.Expr.Field;
import io.bpf4j.testprograms.Expr.MapOp;
import io.bpf4j.testprograms.Expr.PacketLoad;
import io.bpf4j.testprograms.Expr.StructCall;
import io.bpf4j.testprograms.Expr.Un;
import io.bpf4j.testprograms.Expr.Unboxed;
import io.bpf4j.testprograms.Expr.Var;
import io.bpf4j.testprograms.GenScope.ArrayRef;
import io.bpf4j.testprograms.GenScope.Local;
import io.bpf4j.testprograms.GenScope.StructRef;
import io.bpf4j.testprograms.ProgramClass.HelperDef;
import io.bpf4j.testprograms.ProgramClass.MapDef;
import io.bpf4j.testprograms.ProgramClass.StructDef;
import io.bpf4j.testprograms.ProgramGenerator.Knobs;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The expressions of one generated program and what they may use: its maps, its helpers, the stack
 * bytes and inlined copies spent so far. {@link ProgramBuilder} adds the statements. All choices
 * come from one {@link Random}, in a fixed order, so that a seed replays.
 */
abstract class ExpressionGenerator {
  static final String[] ARITH = {"+", "-", "*", "/", "%", "&", "|", "^"};
  static final String[] SHIFTS = {"<<", ">>", ">>>"};
  static final String[] COMPARE = {"==", "!=", "<", "<=", ">", ">="};
  static final String[] COMPOUND = {
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", ">>>="
  };
  static final String[] SKB_FIELDS = {
    "len()",
    "len()",
    "len()",
    "protocol()",
    "pktType()",
    "ifindex()",
    "mark()",
    "priority()",
    "ingressIfindex()",
    "queueMapping()",
    "hash()",
    "tcIndex()",
    "cb(0)",
    "cb(3)",
    "vlanPresent()"
  };
  static final String[] XDP_FIELDS = {
    "length()", "length()", "length()", "ingressIfindex()", "rxQueueIndex()"
  };
  static final String[] LOADS = {"loadByte", "loadHalf", "loadWord"};
  static final long[] INTERESTING = {
    0,
    1,
    -1,
    2,
    3,
    7,
    8,
    15,
    16,
    31,
    32,
    33,
    63,
    64,
    65,
    100,
    127,
    128,
    -128,
    255,
    256,
    1000,
    32767,
    32768,
    -32768,
    65535,
    65536,
    Integer.MAX_VALUE,
    Integer.MIN_VALUE,
    0xffffffffL,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    0x80000000L,
    -0x80000000L - 1
  };

  final Random r;
  final Knobs knobs;

  /** The fuzz's own choices ({@link Knobs#liveCode}). */
  final LiveCode fuzz = new LiveCode(this);

  final String name;
  final String section;
  final List<StructDef> structs;
  final long seed;
  final MapDef arrayMap;
  final MapDef hashMap;
  final MapDef longMap;

  /** Fuzz only (else null): a ring buffer of S0 or S1 records. */
  final MapDef ringBuf;

  /**
   * Fuzz only (else null): the program's prog array, for tail calls and {@code @TailCallTarget}.
   */
  final MapDef progArray;

  /** Fuzz only (else null): a hash map of longs under an S0 or S1 key. */
  final MapDef keyedMap;

  /** Fuzz only (else null): a hash map of Integers under Long keys. */
  final MapDef longKeyedMap;

  final List<HelperDef> helpers = new ArrayList<>();

  /**
   * Stack bytes each helper's objects and arrays take (with its callees'): inlining copies them.
   */
  final java.util.Map<String, Integer> helperStack = new java.util.HashMap<>();

  /** How many copies of helper code a call of each helper inlines (itself and its callees). */
  final java.util.Map<String, Integer> helperCopies = new java.util.HashMap<>();

  /** Helper copies inlined into the method being generated so far. */
  int copies;

  int names;
  int stackBytes;
  int budget;

  /** The helper being generated (it may call only later helpers), or -1 in the program. */
  int currentHelper = -1;

  boolean inHelper;

  /**
   * A careful program rarely does what Java throws for (zero divisors, reads past 8 bytes, indexes
   * out of bounds, missing map values), so that its runs mostly reach their end.
   */
  final boolean careful;

  boolean helperHasCtx = true;
  StructDef helperStruct;

  ExpressionGenerator(
      Random r, Knobs knobs, String name, String section, List<StructDef> structs, long seed) {
    this.r = r;
    this.knobs = knobs;
    // Code where every statement must stay live is always careful (no constant failures).
    this.careful = knobs.liveCode() || r.nextBoolean();
    this.name = name;
    this.section = section;
    this.structs = structs;
    this.seed = seed;
    this.arrayMap = map(name + "a", knobs.liveCode() ? fuzz.arrayType() : MapType.ARRAY, 4, "S0");
    this.hashMap = map(name + "h", knobs.liveCode() ? fuzz.hashType() : MapType.HASH, 6, "S1");
    MapType longs = r.nextBoolean() ? MapType.HASH : MapType.ARRAY;
    if (knobs.liveCode()) {
      longs = r.nextBoolean() ? fuzz.hashType() : fuzz.arrayType();
    }
    this.longMap = map(name + "v", longs, 8, "Long");
    if (knobs.liveCode()) {
      ringBuf = new MapDef(name + "r", MapType.RINGBUF, 4096, "S" + r.nextInt(2), 0);
      progArray = new MapDef(name + "j", MapType.PROG_ARRAY, 4, "Integer", 4);
      keyedMap = new MapDef(name + "k", fuzz.hashType(), 16, "S" + r.nextInt(2), "Long", 16);
      longKeyedMap = new MapDef(name + "l", fuzz.hashType(), 16, "Long", "Integer", 16);
    } else {
      longKeyedMap = null;
      ringBuf = null;
      progArray = null;
      keyedMap = null;
    }
  }

  MapDef map(String n, MapType type, int maxEntries, String value) {
    return new MapDef(n, type, maxEntries, value, MapDef.keySpace(type, maxEntries));
  }

  /** What a program's first variable starts with: the packet's length, or a tracing argument. */
  Expr firstValue() {
    return switch (ProgramClass.Program.contextType(section)) {
      case "XdpMd" -> new CtxField("length()", Ty.INT);
      case "SkBuff" -> new CtxField("len()", Ty.INT);
      case "TracepointContext" -> new CtxField("readInt(8)", Ty.INT);
      default -> exact(new CtxField("arg(0)", Ty.LONG), Ty.INT);
    };
  }

  /** Whether the program's context is a packet, with fields and packet loads. */
  boolean hasPacket() {
    String context = ProgramClass.Program.contextType(section);
    return context.equals("SkBuff") || context.equals("XdpMd");
  }

  String fresh(String prefix) {
    return prefix + names++;
  }

  StructDef structNamed(String n) {
    for (StructDef s : structs) {
      if (s.name().equals(n)) {
        return s;
      }
    }
    throw new IllegalArgumentException(n);
  }

  /** Stack bytes for objects and arrays: the program's and its helpers' frames add up. */
  int stackLimit() {
    return inHelper ? 48 : 160;
  }

  Ty returnType() {
    if (!inHelper) {
      return Ty.INT;
    }
    return helpers.get(currentHelper).ret();
  }

  // ---- expressions

  Ty numericType() {
    int k = r.nextInt(12);
    return k < 5 ? Ty.INT : k < 9 ? Ty.LONG : k == 9 ? Ty.BYTE : k == 10 ? Ty.SHORT : Ty.CHAR;
  }

  /** A numeric expression of any numeric type. */
  Expr num(GenScope scope, int depth) {
    if (depth <= 0 || r.nextInt(10) < 3) {
      return leaf(scope);
    }
    int k = r.nextInt(100);
    if (k < 35) {
      String op = ARITH[r.nextInt(ARITH.length)];
      Expr right = op.equals("/") || op.equals("%") ? divisor(scope) : num(scope, depth - 1);
      return new Bin(op, num(scope, depth - 1), right);
    } else if (k < 47) {
      return new Bin(SHIFTS[r.nextInt(3)], num(scope, depth - 1), shiftCount(scope));
    } else if (k < 53) {
      return new Un(r.nextBoolean() ? "-" : "~", num(scope, depth - 1));
    } else if (k < 63) {
      return new Cast(numericType(), num(scope, depth - 1));
    } else if (k < 71) {
      Ty t = numericType();
      return new Cond(
          bool(scope, depth - 1), exact(num(scope, depth - 1), t), exact(num(scope, depth - 1), t));
    } else if (k < 79) {
      Expr c = call(scope, depth - 1);
      if (c != null) {
        return c;
      }
    } else if (k < 85 && !inHelper && r.nextInt(3) == 0) {
      Expr op = mapOp(scope);
      if (op != null) {
        return op;
      }
    } else if (k < 88 && !inHelper && (longMap.isArray() || !careful && r.nextInt(5) == 0)) {
      // A HASH map mostly lacks the key: its null Long would end most runs.
      return new Unboxed(longMap.name(), key(scope, longMap));
    }
    return leaf(scope);
  }

  Expr leaf(GenScope scope) {
    if (knobs.liveCode() && r.nextInt(10) == 0) {
      return fuzz.unpredictable(scope);
    }
    while (true) {
      int k = r.nextInt(100);
      if (k < 22) {
        Ty t = numericType();
        return lit(t, interesting(t));
      } else if (k < 55 && !scope.locals.isEmpty()) {
        Local l = pick(scope.locals);
        if (l.ty() != Ty.BOOLEAN) {
          return new Var(l.name(), l.ty());
        }
      } else if (k < 62 && hasCtx()) {
        if (!hasPacket()) {
          return fuzz.tracingRead();
        }
        String[] fields = section.equals("xdp") ? XDP_FIELDS : SKB_FIELDS;
        return new CtxField(fields[r.nextInt(fields.length)], Ty.INT);
      } else if (k < 74 && hasCtx() && hasPacket()) {
        return new PacketLoad(LOADS[r.nextInt(3)], packetOffset(scope));
      } else if (k < 85 && (!scope.structs.isEmpty() || helperStruct != null)) {
        StructRef s =
            scope.structs.isEmpty() || (helperStruct != null && r.nextBoolean())
                ? new StructRef("o", helperStruct)
                : pick(scope.structs);
        int f = r.nextInt(s.type().fields().size());
        Ty t = s.type().fields().get(f);
        Field e = new Field(s.name(), "f" + f, t);
        return t == Ty.BOOLEAN ? new Cond(e, lit(Ty.INT, 1), lit(Ty.INT, 0)) : e;
      } else if (k < 95 && !scope.arrays.isEmpty()) {
        ArrayRef a = pick(scope.arrays);
        return new Elem(a.name(), a.elem(), index(scope, a.length()));
      } else if (k >= 95) {
        return lit(Ty.INT, r.nextInt(50));
      }
    }
  }

  boolean hasCtx() {
    return !inHelper || helperHasCtx;
  }

  /** A boolean expression. */
  Expr bool(GenScope scope, int depth) {
    if (knobs.liveCode()) {
      return fuzz.liveBool(scope, depth);
    }
    int k = r.nextInt(100);
    if (depth <= 0 || k < 50) {
      Expr a = num(scope, Math.max(0, depth - 1));
      Expr b =
          r.nextInt(3) == 0 ? lit(a.ty().promoted(), interesting(a.ty())) : num(scope, depth - 1);
      return new Bin(COMPARE[r.nextInt(COMPARE.length)], a, b);
    } else if (k < 65) {
      return new Bin(r.nextBoolean() ? "&&" : "||", bool(scope, depth - 1), bool(scope, depth - 1));
    } else if (k < 72) {
      return new Un("!", bool(scope, depth - 1));
    } else if (k < 80) {
      return new Bin(
          new String[] {"&", "|", "^", "==", "!="}[r.nextInt(5)],
          bool(scope, depth - 1),
          bool(scope, depth - 1));
    } else if (k < 90) {
      List<Local> flags = scope.locals.stream().filter(l -> l.ty() == Ty.BOOLEAN).toList();
      if (!flags.isEmpty()) {
        Local l = pick(flags);
        return new Var(l.name(), Ty.BOOLEAN);
      }
    } else if (k < 96 && !scope.structs.isEmpty()) {
      StructRef s = pick(scope.structs);
      for (int f = 0; f < s.type().fields().size(); f++) {
        if (s.type().fields().get(f) == Ty.BOOLEAN) {
          return new Field(s.name(), "f" + f, Ty.BOOLEAN);
        }
      }
    } else if (k >= 96) {
      return lit(Ty.BOOLEAN, r.nextInt(2));
    }
    Expr a = num(scope, Math.max(0, depth - 1));
    return new Bin(COMPARE[r.nextInt(COMPARE.length)], a, num(scope, 0));
  }

  /** A divisor: often zero, -1 or a value that may be zero. */
  Expr divisor(GenScope scope) {
    int k = careful ? 7 + r.nextInt(3) : r.nextInt(10);
    if (k < 2) {
      Ty t = r.nextBoolean() ? Ty.INT : Ty.LONG;
      long[] divisors = {-1, -1, 0, 1, 2, 3, 7, 256};
      return lit(t, divisors[r.nextInt(divisors.length)]);
    }
    if (k < 4) {
      return bits(scope, 2 + r.nextInt(3));
    }
    if (k < 7) {
      return num(scope, 1);
    }
    // Never zero, so that the code after the division runs too.
    Expr e = num(scope, 1);
    return new Bin("|", e, lit(e.ty().promoted(), 1));
  }

  /** A shift count: constants around the widths (and negative ones), or any value. */
  Expr shiftCount(GenScope scope) {
    if (r.nextBoolean()) {
      long[] counts = {0, 1, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, -1, -31, -33, 100};
      return lit(r.nextInt(4) == 0 ? Ty.LONG : Ty.INT, counts[r.nextInt(counts.length)]);
    }
    return num(scope, 1);
  }

  /** {@code (e & mask)}: a small non-negative int. */
  Expr bits(GenScope scope, int width) {
    return exact(new Bin("&", num(scope, 1), lit(Ty.INT, (1 << width) - 1)), Ty.INT);
  }

  /** A packet offset: mostly within the first 70 bytes, sometimes computed, rarely wild. */
  Expr packetOffset(GenScope scope) {
    if (careful) {
      return r.nextBoolean() ? lit(Ty.INT, r.nextInt(8)) : bits(scope, 1 + r.nextInt(2));
    }
    int k = r.nextInt(10);
    if (k < 5) {
      int far = r.nextInt(10);
      return lit(Ty.INT, r.nextInt(far == 0 ? 100 : far < 4 ? 40 : 16));
    }
    if (k < 8) {
      return bits(scope, 3 + r.nextInt(3));
    }
    if (k < 9) {
      return exact(new Bin("+", bits(scope, 4), lit(Ty.INT, r.nextInt(20))), Ty.INT);
    }
    return exact(num(scope, 1), Ty.INT);
  }

  /** An array index: in bounds mostly, sometimes just outside, sometimes anything. */
  Expr index(GenScope scope, int length) {
    if (careful) {
      int width = 31 - Integer.numberOfLeadingZeros(length); // 2^width <= length
      return r.nextBoolean() || width == 0 ? lit(Ty.INT, r.nextInt(length)) : bits(scope, width);
    }
    int k = r.nextInt(10);
    List<Local> counters =
        scope.locals.stream().filter(l -> !l.writable() && l.ty() == Ty.INT).toList();
    if (k < 1 && !counters.isEmpty()) {
      return new Var(pick(counters).name(), Ty.INT);
    }
    if (k < 6) {
      return lit(Ty.INT, r.nextInt(10) == 0 ? length : r.nextInt(length));
    }
    if (k < 9) {
      int width = 32 - Integer.numberOfLeadingZeros(length);
      return bits(scope, width);
    }
    return exact(num(scope, 1), Ty.INT);
  }

  /** A map key: within the map's key space mostly, sometimes anything. */
  Expr key(GenScope scope, MapDef m) {
    int k = r.nextInt(10);
    if (k < 4) {
      return lit(Ty.INT, r.nextInt(m.keySpace()));
    }
    if (k < 9 || m.isArray() && m.value().equals("Long")) {
      int width = 32 - Integer.numberOfLeadingZeros(m.keySpace() - 1);
      return bits(scope, width);
    }
    return exact(num(scope, 1), Ty.INT);
  }

  /** An update or delete on one of the program's maps that the scope allows. */
  Expr mapOp(GenScope scope) {
    int k = r.nextInt(10);
    MapDef m = k < 3 ? arrayMap : k < 7 ? hashMap : longMap;
    if (scope.frozenMaps.contains(m.name())) {
      return null;
    }
    Expr key = key(scope, m);
    long[] flags = {0, 0, 1, 2};
    long flag = flags[r.nextInt(flags.length)];
    if (r.nextInt(4) == 0) {
      return new MapOp(m.name(), "delete", key, null, null, 0);
    }
    if (m == longMap) {
      return new MapOp(m.name(), "update", key, null, exact(num(scope, 2), Ty.LONG), flag);
    }
    List<StructRef> values =
        scope.structs.stream().filter(s -> s.type().name().equals(m.value())).toList();
    if (values.isEmpty()) {
      return null;
    }
    return new MapOp(m.name(), "update", key, pick(values).name(), null, flag);
  }

  /** A call of a later helper than the current one, or null if there is none. */
  Expr call(GenScope scope, int depth) {
    int from = currentHelper + 1;
    if (from >= helpers.size()) {
      return null;
    }
    HelperDef h = helpers.get(from + r.nextInt(helpers.size() - from));
    int cost = helperStack.getOrDefault(h.name(), 0);
    int inlined = helperCopies.getOrDefault(h.name(), 1);
    // Every inlined copy brings its own registers and spill slots, which the processor does not
    // share: past a dozen copies a program outgrows the 512-byte stack.
    if (h.ctx() && !hasCtx()
        || stackBytes + cost > stackLimit()
        || copies + inlined > (inHelper ? 4 : 12)) {
      return null;
    }
    stackBytes += cost;
    copies += inlined;
    List<Expr> args = new ArrayList<>();
    for (Ty t : h.params()) {
      args.add(assignable(num(scope, Math.max(0, depth - 1)), t));
    }
    if (h.struct() != null) {
      List<StructRef> refs =
          scope.structs.stream().filter(s -> s.type().name().equals(h.struct())).toList();
      String ref;
      if (!refs.isEmpty() && (careful || r.nextInt(16) != 0)) {
        ref = pick(refs).name();
      } else if (helperStruct != null && helperStruct.name().equals(h.struct())) {
        ref = "o";
      } else if (knobs.liveCode()) {
        return null; // the processor would compile nothing after the callee's null dereference
      } else {
        // null: the callee's first dereference ends the whole program with 0.
        ref = "null";
      }
      return new StructCall(h.name(), h.ret(), ref, args);
    }
    return new Call(h.name(), h.ret(), h.ctx(), args);
  }

  // ---- literals and conversions

  long interesting(Ty t) {
    if (r.nextInt(4) == 0) {
      return t.wrap(r.nextLong() >> r.nextInt(64));
    }
    return t.wrap(INTERESTING[r.nextInt(INTERESTING.length)]);
  }

  <T> T pick(List<T> xs) {
    return xs.get(r.nextInt(xs.size()));
  }
}
