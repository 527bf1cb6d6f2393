package io.bpf4j.it.packets;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.corpus.Expect;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.TestRunResult;
import io.bpf4j.testing.KernelHelpers;
import io.bpf4j.testing.SimSkBuff;
import io.bpf4j.testing.SimXdpMd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulator's packet helpers against the kernel's, with no compiler in between: {@code
 * c/packets/helper_probe.c} calls {@code bpf_xdp_adjust_head/_tail/_meta}, {@code bpf_csum_diff},
 * {@code bpf_redirect}, {@code bpf_l3/l4_csum_replace}, {@code bpf_skb_change_tail/_head} and
 * {@code bpf_skb_adjust_room} with arguments read from the frame, and the same frames go through
 * bpf-testing's {@link SimXdpMd}, {@link SimSkBuff} and {@link KernelHelpers}: return values and
 * {@code data_out} must be equal byte for byte, for boundary arguments and seeded random ones.
 */
class HelperSemanticsTest {
  private static final int FRAMES = 400;

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "xdpAdjust",
        "xdpCsumDiff",
        "xdpRedirect",
        "tcRedirect",
        "tcCsumReplace",
        "tcResize"
      })
  void theSimulatorsHelpersAgreeWithTheKernels(String program) throws Exception {
    KernelAssumptions.requireBpffs();
    Expect expect = new Expect(program + ", simulator vs kernel helpers");
    try (BpfObject obj = BpfRuntime.load(PacketC.object("helper_probe"))) {
      Random random = new Random(program.hashCode());
      for (int i = 0; i < FRAMES; i++) {
        byte[] frame = frame(random, program);
        expect.equal(kernel(obj, program, frame), simulated(program, frame), show(i, frame));
      }
    }
    expect.verify();
  }

  private static String kernel(BpfObject obj, String program, byte[] frame) {
    try {
      TestRunResult r = obj.program(program).testRun(frame, 1);
      return "returns " + r.retval() + ", data_out " + HexFormat.of().formatHex(r.dataOut());
    } catch (BpfException e) {
      return "failed: " + e.getMessage();
    }
  }

  private static String simulated(String program, byte[] frame) {
    ByteBuffer args = ByteBuffer.wrap(frame, 14, 16).slice().order(ByteOrder.LITTLE_ENDIAN);
    int op = args.get(0) & 0xff;
    int flags = args.get(1) & 0xff;
    int a = args.getShort(2) & 0xffff;
    int b = args.getInt(4);
    int c = args.getInt(8);
    int d = args.getInt(12);
    int ret;
    byte[] out;
    switch (program) {
      case "xdpAdjust" -> {
        SimXdpMd x = SimXdpMd.testRun(frame).build();
        ret =
            switch (op & 3) {
              case 0 -> x.adjustHead(b);
              case 1 -> x.adjustTail(b);
              case 2 -> x.adjustMeta(b);
              default -> {
                int r = x.adjustMeta(b);
                yield r != 0 ? 2000 + r : x.adjustHead(c);
              }
            };
        out = x.dataOut();
      }
      case "xdpCsumDiff" -> {
        if (frame.length < 88) {
          return "returns 1000, data_out " + HexFormat.of().formatHex(frame);
        }
        byte[] from = Arrays.copyOfRange(frame, 24, 24 + (flags & 31));
        byte[] to = Arrays.copyOfRange(frame, 56, 56 + (a & 31));
        ret = (int) KernelHelpers.csumDiff(from, to, b);
        out = frame.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(14, ret);
      }
      case "xdpRedirect" -> {
        ret = KernelHelpers.redirect(ProgramType.XDP, b, Integer.toUnsignedLong(c));
        out = frame.clone();
      }
      case "tcRedirect" -> {
        ret = KernelHelpers.redirect(ProgramType.SCHED_CLS, b, Integer.toUnsignedLong(c));
        out = frame.clone();
      }
      case "tcCsumReplace" -> {
        SimSkBuff skb = SimSkBuff.testRun(ProgramType.SCHED_CLS, frame).build();
        int size = flags & 0xf;
        // The Java API takes loadHalf/loadWord values; the C program passes the kernel's.
        int from = apiValue(b, size);
        int to = apiValue(c, size);
        ret =
            (op & 1) != 0
                ? skb.l4CsumReplace(a, from, to, flags)
                : skb.l3CsumReplace(a, from, to, flags);
        out = skb.dataOut(ProgramType.SCHED_CLS);
      }
      case "tcResize" -> {
        SimSkBuff skb = SimSkBuff.testRun(ProgramType.SCHED_CLS, frame).build();
        long adjustFlags = ((long) d << 32) | Integer.toUnsignedLong(c);
        ret =
            switch (op & 3) {
              case 0 -> skb.changeTail(a, flags & 1);
              case 1 -> skb.changeHead(a & 0xff, flags & 1);
              default -> skb.adjustRoom((short) a, b, adjustFlags);
            };
        out = skb.dataOut(ProgramType.SCHED_CLS);
      }
      default -> throw new IllegalArgumentException(program);
    }
    return "returns " + ret + ", data_out " + HexFormat.of().formatHex(out);
  }

  /** The value the Java API passes for the kernel's {@code raw} register value. */
  private static int apiValue(int raw, int size) {
    return switch (size) {
      case 4 -> Integer.reverseBytes(raw);
      case 2 -> Short.toUnsignedInt(Short.reverseBytes((short) raw));
      default -> raw;
    };
  }

  /**
   * An IPv4 (or ARP, for adjust_room's ENOTSUPP) frame of 60 to 300 bytes whose arguments at offset
   * 14 are boundary values or random ones.
   */
  private static byte[] frame(Random random, String program) {
    int length = 60 + random.nextInt(240);
    byte[] f = new byte[length];
    random.nextBytes(f);
    boolean ip = random.nextInt(8) != 0;
    f[12] = (byte) (ip ? 0x08 : 0x08);
    f[13] = (byte) (ip ? 0x00 : 0x06);
    ByteBuffer args = ByteBuffer.wrap(f, 14, 16).slice().order(ByteOrder.LITTLE_ENDIAN);
    args.put(0, (byte) random.nextInt(4));
    switch (program) {
      case "xdpAdjust" -> {
        args.putInt(4, pick(random, xdpDeltas(length)));
        args.putInt(8, pick(random, xdpDeltas(length)));
      }
      case "xdpCsumDiff" -> {
        args.put(1, (byte) pick(random, new int[] {0, 4, 8, 12, 20, 28, 1, 2, 3, 6, 31}));
        args.putShort(2, (short) pick(random, new int[] {0, 4, 8, 16, 20, 2, 5, 31}));
        args.putInt(4, pick(random, new int[] {0, -1, 1, 0xffff, 0x10000, random.nextInt()}));
        if (random.nextInt(6) == 0) {
          Arrays.fill(f, 24, Math.min(88, length), (byte) 0);
        }
      }
      case "xdpRedirect", "tcRedirect" -> {
        args.putInt(4, random.nextInt(10));
        args.putInt(8, pick(random, new int[] {0, 0, 1, 2, 3, 8, 16, random.nextInt()}));
      }
      case "tcCsumReplace" -> {
        int size = pick(random, new int[] {2, 2, 4, 4, 0, 1, 3, 8});
        int bits = pick(random, new int[] {0, 0x10, 0x20, 0x30, 0x40, 0x60, 0x80, 0x100 >> 1});
        args.put(1, (byte) (size | bits));
        args.putShort(
            2,
            (short)
                pick(random, new int[] {24, 40, 50, length - 2, length - 1, length, 25, 0xfffe}));
        args.putInt(4, pick(random, new int[] {0, 1, 0xffff, -1, random.nextInt()}));
        args.putInt(8, pick(random, new int[] {0, 1, 0xffff, -1, random.nextInt()}));
        if (random.nextInt(4) == 0) {
          int at = 40 <= length - 2 ? 40 : 24;
          f[at] = 0; // a zero checksum, for F_MARK_MANGLED_0
          f[at + 1] = 0;
        }
      }
      case "tcResize" -> {
        args.put(1, (byte) random.nextInt(2));
        int op = args.get(0) & 3;
        int[] values =
            op == 0
                ? new int[] {0, 13, 14, 15, 34, length - 1, length, length + 1, length + 200}
                : op == 1
                    ? new int[] {0, 1, 4, 14, 200, 255}
                    : new int[] {
                      0,
                      1,
                      4,
                      8,
                      20,
                      40,
                      200,
                      -1,
                      -4,
                      -8,
                      -20,
                      -26,
                      -27,
                      -40,
                      -(length - 34),
                      -(length - 33),
                      0x1000,
                      -0x1000,
                      -0xfff,
                      0x7fff
                    };
        args.putShort(2, (short) pick(random, values));
        args.putInt(4, pick(random, new int[] {0, 0, 1, 1, 2}));
        args.putInt(
            8,
            pick(random, new int[] {0, 0, 1, 2, 4, 6, 8, 16, 24, 32, 0x80, 0x100, 0x180, 0x200}));
        args.putInt(12, pick(random, new int[] {0, 0, 0, 14 << 24, 0x01000000}));
      }
      default -> throw new IllegalArgumentException(program);
    }
    return f;
  }

  private static int[] xdpDeltas(int length) {
    int tailRoom = 4096 - 320 - 256 - length;
    return new int[] {
      0,
      4,
      -4,
      -8,
      -216,
      -217,
      -212,
      -220,
      -3,
      2,
      6,
      32,
      -32,
      -252,
      -256,
      length - 14,
      length - 13,
      -(length - 14),
      -(length - 13),
      tailRoom + 1,
      200,
      -200,
      0x7fffffff,
      0x80000000
    };
  }

  private static int pick(Random random, int[] values) {
    return values[random.nextInt(values.length)];
  }

  private static String show(int i, byte[] frame) {
    return "frame "
        + i
        + " ("
        + frame.length
        + " bytes, args "
        + HexFormat.of().formatHex(frame, 12, 30)
        + ")";
  }
}
