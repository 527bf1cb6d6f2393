package io.bpf4j.it.runtime;

import io.bpf4j.examples.bandwidth.BandwidthMonitor;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child JVM of {@link UnprivilegedTest}, run as an unprivileged user: tries to load
 * BandwidthMonitor and reports what happened as {@code key=value} lines (the exception's class,
 * errno and message, newlines escaped).
 */
public final class UnprivilegedLoad {
  private UnprivilegedLoad() {}

  public static void main(String[] args) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("Uid:") || line.startsWith("CapEff:")) {
        String[] f = line.split(":\\s*", 2);
        System.out.println(f[0].toLowerCase() + "=" + f[1].trim().replace('\t', ' '));
      }
    }
    try (BpfObject obj = BpfRuntime.load(BandwidthMonitor.class)) {
      System.out.println("outcome=loaded " + obj.name());
    } catch (BpfException e) {
      System.out.println("outcome=exception");
      System.out.println("class=" + e.getClass().getName());
      System.out.println("errno=" + e.errno());
      System.out.println("message=" + String.valueOf(e.getMessage()).replace("\n", "\\n"));
    } catch (Throwable t) {
      System.out.println("outcome=other");
      System.out.println("class=" + t.getClass().getName());
      System.out.println("message=" + String.valueOf(t.getMessage()).replace("\n", "\\n"));
      t.printStackTrace();
    }
  }
}
