package io.bpf4j.it.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.bpf4j.examples.net.PacketCounter;
import io.bpf4j.examples.net.PacketCounter.Count;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.micrometer.BpfMeters;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.MapHandle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes a live BPF map through bpf4j-micrometer: the XDP program of {@link
 * PacketCounter} counts test runs in its map, a loopback endpoint serves the map as Prometheus
 * text, and the value Prometheus stores equals the map's, before and after more packets.
 */
class PrometheusScrapeTest {
  private static final String QUERY = "bpf_counts_packets_total{key=\"0\"}";

  @Test
  void prometheusStoresTheMapsValue(@TempDir Path dir) throws Exception {
    KernelAssumptions.requireRoot();
    Path prometheus = KernelAssumptions.requireTool("prometheus");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try (BpfObject obj = BpfRuntime.load(PacketCounter.class);
        MapHandle<Integer, Count> counts = obj.map("counts", Integer.class, Count.class);
        PrometheusServer prom =
            PrometheusServer.start(prometheus, dir, server.getAddress().getPort())) {
      // Prometheus scrapes every second: read the map at most every 500 ms.
      BpfMeters.map("bpf.counts", counts).refreshEvery(Duration.ofMillis(500)).bindTo(registry);
      BpfProgram xdp = obj.program("xdpCount");
      byte[] frame = new byte[64];
      assertEquals(2, xdp.testRun(frame, 25).retval(), "XDP_PASS");
      assertEquals(25, counts.get(0).packets);
      assertEquals("25", prom.awaitValue(QUERY, "25", Duration.ofSeconds(60)));

      assertEquals(2, xdp.testRun(frame, 17).retval(), "XDP_PASS");
      String expected = Long.toString(counts.get(0).packets);
      assertEquals("42", expected);
      assertEquals(expected, prom.awaitValue(QUERY, expected, Duration.ofSeconds(30)));
    } finally {
      server.stop(0);
    }
  }
}
