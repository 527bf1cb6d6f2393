package io.bpf4j.it.metrics;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Prometheus server for one test: listening on 127.0.0.1 only, its data in a temporary
 * directory, scraping one loopback target every second.
 */
final class PrometheusServer implements AutoCloseable {
  private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]+)\"\\]");

  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts {@code binary} scraping {@code http://127.0.0.1:targetPort/metrics}. */
  static PrometheusServer start(Path binary, Path dir, int targetPort) throws IOException {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "global:",
            "  scrape_interval: 1s",
            "  evaluation_interval: 1s",
            "scrape_configs:",
            "  - job_name: bpf4j",
            "    static_configs:",
            "      - targets: ['127.0.0.1:" + targetPort + "']",
            ""));
    int port = freePort();
    Process p =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    return new PrometheusServer(p, port);
  }

  /**
   * The value of the instant query {@code promql}, waiting until it has one equal to {@code
   * expected} or until {@code timeout}; the last value seen (or null) otherwise.
   */
  String awaitValue(String promql, String expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited with " + process.exitValue());
      }
      last = query(promql);
      if (expected.equals(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    return last;
  }

  private String query(String promql) throws InterruptedException {
    URI uri =
        URI.create(
            "http://127.0.0.1:"
                + port
                + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    try {
      String body =
          http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher m = VALUE.matcher(body);
      return m.find() ? m.group(1) : null;
    } catch (IOException e) {
      return null; // not listening yet
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
