package io.bpf4j.it.corpus.classic;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.corpus.ClangFixtures;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.it.corpus.Packet;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.VerifierException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classic programs exist twice: in Java ({@code src/test/resources/corpus/classic/<Name>.java},
 * compiled at test time by {@link Corpus}) and in C ({@code c/classic/<name>.c} of test-programs'
 * resources, built at test time with {@code clang-19 -O2 -g -target bpf -mcpu=v4 -c} against {@code
 * classic_defs.h}, no system BPF headers). Both objects are loaded by the same runtime; the tests
 * run both on the same packets and compare them with each other and with what the test works out.
 */
final class Classic {
  private Classic() {}

  private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

  /** Compiles and loads corpus/classic/{@code name}.java. */
  static BpfObject java(String name) {
    return Corpus.load("classic/" + name);
  }

  /** Builds c/classic/{@code name}.c (once per test JVM); returns the object's path. */
  static Path cObject(String name) {
    return BUILT.computeIfAbsent(name, Classic::clang);
  }

  /** Builds (once per test JVM) and loads c/classic/{@code name}.c. */
  static BpfObject c(String name) {
    KernelAssumptions.requireBpffs();
    Path object = cObject(name);
    try {
      return BpfRuntime.load(object);
    } catch (VerifierException e) {
      throw new AssertionError(
          "c/classic/"
              + name
              + ".c built, but the kernel verifier rejected program "
              + e.program()
              + ":\n"
              + e.summary()
              + "\n--- verifier log ---\n"
              + e.log(),
          e);
    }
  }

  /**
   * An IPv4 frame with 4 bytes of IP options (three NOPs and an end-of-options) inserted after its
   * 20-byte header: IHL 6, total length and header checksum adjusted, so the transport header
   * starts at 14 + 24.
   */
  static byte[] withIpOptions(byte[] frame) {
    int ip = Packet.ETH_HLEN;
    byte[] out = new byte[frame.length + 4];
    System.arraycopy(frame, 0, out, 0, ip + 20);
    out[ip + 20] = 1;
    out[ip + 21] = 1;
    out[ip + 22] = 1;
    out[ip + 23] = 0;
    System.arraycopy(frame, ip + 20, out, ip + 24, frame.length - ip - 20);
    out[ip] = 0x46;
    int total = Packet.u16(frame, ip + 2) + 4;
    out[ip + 2] = (byte) (total >> 8);
    out[ip + 3] = (byte) total;
    out[ip + 10] = 0;
    out[ip + 11] = 0;
    int sum = Packet.internetChecksum(out, ip, 24);
    out[ip + 10] = (byte) (sum >> 8);
    out[ip + 11] = (byte) sum;
    return out;
  }

  /** The first {@code length} bytes of {@code frame}. */
  static byte[] truncate(byte[] frame, int length) {
    return Arrays.copyOf(frame, length);
  }

  private static Path clang(String name) {
    return ClangFixtures.object("c/classic", name, "classic_defs.h", "classic-c");
  }
}
