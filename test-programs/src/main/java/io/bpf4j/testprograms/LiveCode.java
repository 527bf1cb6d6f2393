package io.bpf4j.testprograms;

import static io.bpf4j.testprograms.Expr.exact;

import io.bpf4j.lang.MapType;
import io.bpf4j.testprograms.Expr.Bin;
import io.bpf4j.testprograms.Expr.Call;
import io.bpf4j.testprograms.Expr.CtxField;
import io.bpf4j.testprograms.Expr.Field;
import io.bpf4j.testprograms.Expr.Un;
import io.bpf4j.testprograms.Expr.Var;
import io.bpf4j.testprograms.GenScope.Local;
import io.bpf4j.testprograms.GenScope.StructRef;
import java.util.List;

/**
 * The choices only the fuzz makes ({@link ProgramGenerator.Knobs#liveCode}): conditions that are
 * never compile-time constants, tracing contexts, helpers whose values nothing predicts, every kind
 * of map. They draw from the generator's random source only in fuzz mode, so that the differential
 * programs of a seed stay the same. The fuzz-only statements are in {@link FuzzOnlyStatements}.
 */
final class LiveCode {
  private final ExpressionGenerator g;

  LiveCode(ExpressionGenerator g) {
    this.g = g;
  }

  /** Map types of the fuzz: every kind of array and of hash map. */
  private static final MapType[] ARRAYS = {MapType.ARRAY, MapType.PERCPU_ARRAY};

  private static final MapType[] HASHES = {
    MapType.HASH, MapType.LRU_HASH, MapType.PERCPU_HASH, MapType.LRU_PERCPU_HASH
  };

  MapType arrayType() {
    return ARRAYS[g.r.nextInt(ARRAYS.length)];
  }

  MapType hashType() {
    return HASHES[g.r.nextInt(HASHES.length)];
  }

  /** A read of a tracepoint's record or a raw tracepoint's arguments (fuzz only). */
  Expr tracingRead() {
    if (ProgramClass.Program.contextType(g.section).equals("RawTracepointArgs")) {
      return new CtxField("arg(" + g.r.nextInt(12) + ")", Ty.LONG);
    }
    return switch (g.r.nextInt(4)) {
      case 0 -> new CtxField("readShort(" + 2 * g.r.nextInt(32) + ")", Ty.INT);
      case 1 -> new CtxField("readByte(" + g.r.nextInt(64) + ")", Ty.INT);
      case 2 -> new CtxField("readLong(" + 8 * g.r.nextInt(8) + ")", Ty.LONG);
      default -> new CtxField("readInt(" + 4 * g.r.nextInt(16) + ")", Ty.INT);
    };
  }

  /** A helper whose value nothing can predict (fuzz only: its programs never run). */
  Expr unpredictable(GenScope scope) {
    return switch (g.r.nextInt(7)) {
      case 0 -> new Call("Bpf.getPrandomU32", Ty.INT, false, List.of());
      case 1 -> new Call("Bpf.getSmpProcessorId", Ty.INT, false, List.of());
      case 2 -> new Call("Bpf.ktimeGetNs", Ty.LONG, false, List.of());
      case 3 -> new Call("Bpf.getCurrentPidTgid", Ty.LONG, false, List.of());
      case 4 -> {
        String f = new String[] {"Bpf.htons", "Bpf.htonl", "Bpf.ntohl"}[g.r.nextInt(3)];
        yield new Call(f, Ty.INT, false, List.of(exact(live(scope), Ty.INT)));
      }
      default -> {
        if (!g.hasCtx() || !ProgramClass.Program.contextType(g.section).equals("SkBuff")) {
          yield new Call("Bpf.getPrandomU32", Ty.INT, false, List.of());
        }
        yield g.r.nextBoolean()
            ? new Call("Bpf.getSocketUid", Ty.INT, true, List.of())
            : new Call("Bpf.getSocketCookie", Ty.LONG, true, List.of());
      }
    };
  }

  /**
   * A boolean expression that is not a compile-time constant, not even in part: every comparison
   * reads a variable.
   */
  Expr liveBool(GenScope scope, int depth) {
    int k = g.r.nextInt(100);
    if (depth <= 0 || k < 55) {
      return new Bin(
          ExpressionGenerator.COMPARE[g.r.nextInt(ExpressionGenerator.COMPARE.length)],
          live(scope),
          g.num(scope, Math.max(0, depth - 1)));
    } else if (k < 70) {
      return new Bin(
          g.r.nextBoolean() ? "&&" : "||", liveBool(scope, depth - 1), liveBool(scope, depth - 1));
    } else if (k < 77) {
      return new Un("!", liveBool(scope, depth - 1));
    } else if (k < 85) {
      return new Bin(
          new String[] {"&", "|", "^", "==", "!="}[g.r.nextInt(5)],
          liveBool(scope, depth - 1),
          liveBool(scope, depth - 1));
    } else if (k < 93) {
      List<Local> flags = scope.locals.stream().filter(l -> l.ty() == Ty.BOOLEAN).toList();
      if (!flags.isEmpty()) {
        return new Var(g.pick(flags).name(), Ty.BOOLEAN);
      }
    } else {
      for (StructRef s : scope.structs) {
        for (int f = 0; f < s.type().fields().size(); f++) {
          if (s.type().fields().get(f) == Ty.BOOLEAN) {
            return new Field(s.name(), "f" + f, Ty.BOOLEAN);
          }
        }
      }
    }
    return new Bin(
        ExpressionGenerator.COMPARE[g.r.nextInt(ExpressionGenerator.COMPARE.length)],
        live(scope),
        g.num(scope, 0));
  }

  /**
   * A numeric variable in scope (never a compile-time constant); every method has one: a program
   * its first variable, a helper its parameters.
   */
  Expr live(GenScope scope) {
    List<Local> numeric = scope.locals.stream().filter(l -> l.ty() != Ty.BOOLEAN).toList();
    Local l = g.pick(numeric);
    return new Var(l.name(), l.ty());
  }
}
