package io.bpf4j.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The objects the processor wrote for the examples module, read from the test classpath (the
 * examples jar, a dependency of this module).
 */
public final class ExampleObjects {
  private ExampleObjects() {}

  public static final String PACKAGE_PATH = "io/bpf4j/examples/bandwidth/";
  public static final String BANDWIDTH_MONITOR = "BandwidthMonitor.bpf.o";
  public static final String TAILCALL_PROGRAM = "TailcallProgram.bpf.o";

  /** Where the resource comes from, for messages. */
  public static URL url(String objectName) {
    URL url = ExampleObjects.class.getClassLoader().getResource(PACKAGE_PATH + objectName);
    assertNotNull(
        url,
        PACKAGE_PATH
            + objectName
            + " is not on the test classpath: build the examples module first"
            + " (./mvnw -o -DskipTests install -pl examples -am)");
    return url;
  }

  /** The object's bytes, loaded with getResourceAsStream. */
  public static byte[] bytes(String objectName) {
    url(objectName);
    try (InputStream in =
        ExampleObjects.class.getClassLoader().getResourceAsStream(PACKAGE_PATH + objectName)) {
      assertNotNull(in, PACKAGE_PATH + objectName);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the object into {@code dir} under its own name, for the command-line tools. */
  public static Path copyTo(Path dir, String objectName) {
    Path file = dir.resolve(objectName);
    try {
      Files.write(file, bytes(objectName));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
