package io.bpf4j.it.packets;

import static org.junit.jupiter.api.Assertions.fail;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.Tools;
import io.bpf4j.it.corpus.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The C programs of {@code test-programs/src/main/resources/c/packets/}, built at test time with
 * {@code clang-19 -O2 -g -target bpf -mcpu=v4 -c} into {@code target/packets-c/}.
 */
final class PacketC {
  private PacketC() {}

  static Path object(String name) {
    Path clang = KernelAssumptions.requireTool("clang-19");
    Path dir = Corpus.moduleDir().resolve("target/packets-c");
    Path source = copy("c/packets/" + name + ".c", dir);
    copy("c/packets/packet_defs.h", dir);
    Path object = dir.resolve(name + ".o");
    Tools.run(clang, "-O2", "-g", "-target", "bpf", "-mcpu=v4", "-c", source, "-o", object)
        .assertSuccess();
    return object;
  }

  private static Path copy(String resource, Path dir) {
    Path target = dir.resolve(Path.of(resource).getFileName().toString());
    try (InputStream in = PacketC.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        fail("test resource " + resource + " is missing");
      }
      Files.createDirectories(dir);
      Files.write(target, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }
}
