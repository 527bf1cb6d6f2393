package io.bpf4j.it.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.PinDir;
import io.bpf4j.it.Tools;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfLink;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.CoreRelocations;
import io.bpf4j.runtime.MapHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * CO-RE reads compiled from Java (corpus/CoreReads.java) against the running kernel: the exec'ing
 * task's pid, parent pid and comm as the tracepoint (direct loads through {@code
 * bpf_get_current_task_btf}) and the raw tracepoint ({@code bpf_probe_read_kernel}) read them,
 * checked against {@code /proc} for a process the test starts; {@code Core.exists} of a real and of
 * a made-up field; bpftool (libbpf) relocating the same object to the same values; and the error of
 * an unguarded read of a field the kernel lacks.
 */
class CoreReadsTest {
  private static final Pattern LIBBPF_PATCH =
      Pattern.compile(
          "prog '(\\w+)': relo #\\d+: (?:patched insn #(\\d+) \\([A-Z/0-9]+\\) (?:off|imm)"
              + " -?\\d+ -> (-?\\d+)|substituting insn #(\\d+) w/ invalid insn)");

  @Test
  void readsPidParentAndCommOfAnExecdProcess() throws Exception {
    KernelAssumptions.requireRoot();
    try (BpfObject obj = Corpus.load("CoreReads");
        BpfLink exec = obj.program("exec").attach();
        BpfLink raw = obj.program("execRaw").attach();
        BpfLink typed = obj.program("execTyped").attach();
        MapHandle<Long, Long> results = obj.map("results", Long.class, Long.class)) {
      Process child = new ProcessBuilder("/bin/sleep", "2").start();
      try {
        long pid = child.pid();
        String[] stat = procStat(pid);
        long ppid = Long.parseLong(stat[3]);
        String comm = stat[1].substring(1, stat[1].length() - 1);
        assertEquals(ProcessHandle.current().pid(), ppid, "the JVM started it");
        long key = pid * 16;
        Long seen = waitFor(results, key);
        assertNotNull(seen, "the tracepoint program saw no exec of pid " + pid);
        assertEquals(pid, seen, "tgid");
        assertEquals(ppid, results.get(key + 1), "real_parent.tgid through direct loads");
        assertEquals(comm, unpack(results.get(key + 2), results.get(key + 3)), "comm");
        assertEquals(1L, results.get(key + 4), "Core.exists(task.real_parent)");
        assertEquals(0L, results.get(key + 5), "Core.exists(task.bpf4j_made_up_field)");
        assertEquals(16L, results.get(key + 6), "Core.sizeOf(task.comm)");
        assertEquals(null, results.get(key + 7), "the guarded read never ran");
        assertEquals(pid, results.get(key + 8), "tgid through bpf_probe_read_kernel");
        assertEquals(ppid, results.get(key + 9), "real_parent.tgid through probe reads");
        assertEquals(comm, unpack(results.get(key + 10), 0L), "comm through a probe read");
        assertEquals(ppid, results.get(key + 11), "real_parent.tgid of tp_btf's typed argument");
        assertEquals(pid, results.get(key + 12), "old_pid, the scalar argument after it");
      } finally {
        child.destroy();
        child.waitFor();
      }
    }
  }

  @Test
  void libbpfRelocatesTheObjectToTheSameValues() throws Exception {
    KernelAssumptions.requireRoot();
    Path object = Corpus.compile("CoreReads");
    Map<String, Long> libbpf = new TreeMap<>();
    try (PinDir pins = PinDir.create()) {
      Tools.Result r =
          Tools.run(
              KernelAssumptions.requireTool("bpftool"),
              "-d",
              "prog",
              "loadall",
              object,
              pins.path());
      r.assertSuccess();
      Matcher m = LIBBPF_PATCH.matcher(r.stderr());
      while (m.find()) {
        if (m.group(4) != null) {
          libbpf.put(m.group(1) + "#" + m.group(4), null);
        } else {
          libbpf.put(m.group(1) + "#" + m.group(2), Long.parseLong(m.group(3)));
        }
      }
    }
    Map<String, Long> ours = new TreeMap<>();
    List<CoreRelocations.Entry> entries =
        CoreRelocations.of(Files.readAllBytes(object), "CoreReads");
    for (CoreRelocations.Entry e : entries) {
      boolean poisoned = !e.resolved() && !e.kind().equals("field_exists");
      ours.put(e.program() + "#" + e.instruction(), poisoned ? null : e.value());
    }
    System.out.println("libbpf: " + libbpf + "\nbpf4j:  " + ours);
    assertFalse(ours.isEmpty());
    assertEquals(libbpf, ours);
    assertTrue(
        entries.stream()
            .anyMatch(
                e -> e.field().equals("task_struct.real_parent") && e.kind().equals("byte_off")));
  }

  @Test
  void anUnguardedReadOfAMissingFieldFailsTheLoadNamingIt() throws Exception {
    KernelAssumptions.requireRoot();
    byte[] elf = Files.readAllBytes(Corpus.compile("CoreMissingField"));
    BpfException e =
        assertThrows(BpfException.class, () -> BpfRuntime.load(elf, "CoreMissingField").close());
    String message = e.getMessage();
    assertTrue(message.contains("struct task_struct field bpf4j_made_up_field"), message);
    assertTrue(message.contains("CoreMissingField.java:21"), message);
    assertTrue(message.contains("Core.exists"), message);
  }

  private static String[] procStat(long pid) throws Exception {
    String text = Files.readString(Path.of("/proc/" + pid + "/stat"));
    int open = text.indexOf('(');
    int close = text.lastIndexOf(')');
    String[] rest = text.substring(close + 2).split(" ");
    // pid, (comm), state, ppid, ...
    return new String[] {
      text.substring(0, open - 1), text.substring(open, close + 1), rest[0], rest[1]
    };
  }

  private static Long waitFor(MapHandle<Long, Long> map, long key) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      Long v = map.get(key);
      if (v != null) {
        return v;
      }
      Thread.sleep(20);
    }
    return null;
  }

  private static String unpack(long a, long b) {
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (a >>> (8 * i));
      bytes[8 + i] = (byte) (b >>> (8 * i));
    }
    int n = 0;
    while (n < 16 && bytes[n] != 0) {
      n++;
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }
}
