package io.bpf4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.ObjectReader;
import io.bpf4j.object.kernel.AttachType;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.object.link.LinkedProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Programs attached by BTF id (tp_btf, fentry, fexit, lsm), whose parameters are the traced
 * arguments: the object names the target in its section, as clang's does, so libbpf (bpftool) finds
 * {@code attach_btf_id} and the kernel loads the program. This machine's kernel refuses fentry,
 * fexit and lsm programs with EPERM at load (after libbpf resolved the target); tp_btf loads. The
 * same program written in C and built by clang-19 behaves the same.
 */
class TracedArgumentsLoadTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "TracedTpBtf, tp_btf/sched_switch, TRACING, TRACE_RAW_TP, true",
    "TracedFentry, fentry/do_unlinkat, TRACING, TRACE_FENTRY, false",
    "TracedFexit, fexit/do_unlinkat, TRACING, TRACE_FEXIT, false",
    "TracedLsm, lsm/file_open, LSM, LSM_MAC, false"
  })
  void loadsAsClangsObjectDoes(
      String name, String section, ProgramType type, AttachType attach, boolean loads)
      throws IOException {
    KernelAssumptions.requireRoot();
    Path object = Corpus.compile(name);
    LinkedObject linked = ObjectReader.read(Files.readAllBytes(object), name);
    LinkedProgram program = linked.programs().get(0);
    assertEquals(section, program.section());
    assertEquals(type.kernelId(), program.programType());
    assertEquals(attach.kernelId(), program.expectedAttachType());

    Tools.Result ours = loadAll(object);
    Tools.Result clangs = loadAll(clangObject(section));
    if (loads) {
      ours.assertSuccess();
      clangs.assertSuccess();
    } else {
      assertRefusedAfterRelocation(ours);
      assertRefusedAfterRelocation(clangs);
    }
  }

  private static void assertRefusedAfterRelocation(Tools.Result r) {
    assertTrue(r.exitCode() != 0, r.describe());
    assertTrue(
        r.stderr().contains("BPF program load failed: Operation not permitted"),
        "expected the kernel's EPERM at load, after libbpf found the BTF target\n" + r.describe());
  }

  private static Tools.Result loadAll(Path object) {
    try (PinDir pins = PinDir.create()) {
      return Tools.run(
          KernelAssumptions.requireTool("bpftool"), "prog", "loadall", object, pins.path());
    }
  }

  /** The same program in C: a ring buffer record of two traced arguments. */
  private static Path clangObject(String section) throws IOException {
    Path clang = KernelAssumptions.requireTool("clang-19");
    Path dir = Files.createTempDirectory("bpf4j-traced");
    Path c = dir.resolve("traced.c");
    Files.writeString(
        c,
        """
        #include <linux/bpf.h>
        #include <bpf/bpf_helpers.h>
        char LICENSE[] SEC("license") = "GPL";
        struct event { long a; long b; };
        struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } events SEC(".maps");
        SEC("%s") int traced(unsigned long long *ctx) {
          struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
          if (!e) return 0;
          e->a = ctx[0];
          e->b = ctx[1];
          bpf_ringbuf_submit(e, 0);
          return 0;
        }
        """
            .formatted(section));
    Path o = dir.resolve("traced.o");
    Tools.run(
            clang,
            "-O2",
            "-g",
            "-target",
            "bpf",
            "-I/usr/include/x86_64-linux-gnu",
            "-c",
            c,
            "-o",
            o)
        .assertSuccess();
    return o;
  }
}
