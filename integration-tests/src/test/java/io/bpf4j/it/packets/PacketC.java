package io.bpf4j.it.packets;

import io.bpf4j.it.corpus.ClangFixtures;
import java.nio.file.Path;

/**
 * The C programs of {@code test-programs/src/main/resources/c/packets/}, built at test time with
 * {@code clang-19 -O2 -g -target bpf -mcpu=v4 -c} into {@code target/packets-c/}.
 */
final class PacketC {
  private PacketC() {}

  static Path object(String name) {
    return ClangFixtures.object("c/packets", name, "packet_defs.h", "packets-c");
  }
}
