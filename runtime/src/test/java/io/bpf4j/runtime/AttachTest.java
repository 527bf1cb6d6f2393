package io.bpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.FunctionSpec;
import io.bpf4j.object.ObjectSpec;
import io.bpf4j.object.ObjectWriter;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.btf.BtfWriter;
import io.bpf4j.object.insn.Assembler;
import io.bpf4j.object.insn.Register;
import io.bpf4j.object.kernel.AttachType;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.fake.FakeKernel;
import io.bpf4j.runtime.fake.KernelObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which attachment each section makes, and how links live and die, over the fake kernel. */
class AttachTest {
  static final List<String> SECTIONS =
      List.of(
          "tracepoint/syscalls/sys_enter_getppid",
          "raw_tp/sys_enter",
          "tp_btf/sys_enter",
          "fentry/do_unlinkat",
          "uprobe",
          "cgroup_skb/egress",
          "tc");
  static final List<String> NAMES =
      List.of("onTracepoint", "onRaw", "onTpBtf", "onFentry", "onUprobe", "onEgress", "onTc");

  @TempDir Path bpffs;
  @TempDir Path files;
  private FakeKernel kernel;
  private BpfObject obj;

  /** One program per section, each returning 0. */
  static byte[] object() {
    Btf btf = new Btf();
    int intType = btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    int proto = btf.add(new BtfType.FuncProto(intType, List.of(new BtfType.Param("ctx", intType))));
    List<FunctionSpec> functions = new ArrayList<>();
    for (int i = 0; i < SECTIONS.size(); i++) {
      int func = btf.add(new BtfType.Func(NAMES.get(i), proto, BtfType.Func.GLOBAL));
      functions.add(
          new FunctionSpec(
              NAMES.get(i),
              SECTIONS.get(i),
              true,
              new Assembler().line(i + 1, 1).mov64(Register.R0, 0).exit().build(),
              func,
              "Attach.java",
              java.util.Map.of(i + 1, "return 0;")));
    }
    return ObjectWriter.write(new ObjectSpec("GPL", functions, List.of(), new byte[0], btf));
  }

  /** The kernel's BTF as the loader needs it: a function and a tracepoint typedef. */
  static byte[] vmlinux() {
    Btf btf = new Btf();
    int intType = btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    int proto = btf.add(new BtfType.FuncProto(intType, List.of()));
    btf.add(new BtfType.Func("do_unlinkat", proto, BtfType.Func.STATIC)); // 3
    btf.add(new BtfType.Typedef("btf_trace_sys_enter", proto)); // 4
    return BtfWriter.write(btf, List.of()).bytes();
  }

  @BeforeEach
  void setUp() {
    kernel =
        new FakeKernel(bpffs)
            .networkInterface("veth0", 7)
            .kernelFile(Path.of("/sys/kernel/btf/vmlinux"), vmlinux())
            .kernelFile("/sys/kernel/tracing/events/syscalls/sys_enter_getppid/id", "123\n")
            .kernelFile("/sys/bus/event_source/devices/uprobe/type", "9\n")
            .kernelFile("/sys/bus/event_source/devices/uprobe/format/retprobe", "config:0\n");
    obj = BpfRuntime.load(kernel, bpffs, object(), "attach");
  }

  @AfterEach
  void tearDown() {
    obj.close();
    assertEquals(Set.of(), kernel.openFds(), "closing the object closed every link too");
    assertEquals(List.of(), kernel.closeErrors());
  }

  @Test
  void btfAttachedProgramsAreLoadedWithTheirTargetsId() {
    assertEquals(4, kernel.program("onTpBtf").load().attachBtfId());
    assertEquals(
        AttachType.TRACE_RAW_TP.kernelId(), kernel.program("onTpBtf").load().expectedAttachType());
    assertEquals(3, kernel.program("onFentry").load().attachBtfId());
    assertEquals(0, kernel.program("onTracepoint").load().attachBtfId());
  }

  @Test
  void attachAllAttachesEveryProgramWhoseSectionNamesItsTarget() {
    List<BpfLink> links = obj.attachAll();
    assertEquals(
        List.of(
            "BpfLink[tracepoint syscalls/sys_enter_getppid]",
            "BpfLink[raw tracepoint sys_enter]",
            "BpfLink[tp_btf/sys_enter]",
            "BpfLink[fentry/do_unlinkat]"),
        links.stream().map(Object::toString).toList());
    KernelObject.PerfEvent event = kernel.perfEvents().get(0);
    assertEquals(2, event.attr.type(), "PERF_TYPE_TRACEPOINT");
    assertEquals(123, event.attr.config(), "the tracefs id");
    assertEquals(-1, event.pid);
    assertEquals(0, event.cpu);
    assertEquals(kernel.program("onTracepoint"), event.program);
    List<KernelObject.Link> made = kernel.links();
    assertEquals(AttachType.PERF_EVENT.kernelId(), made.get(0).attachType);
    assertEquals(event, made.get(0).target);
    assertEquals("sys_enter", made.get(1).rawTracepoint);
    assertEquals(AttachType.TRACE_RAW_TP.kernelId(), made.get(2).attachType);
    assertNull(made.get(2).target);
    assertEquals(AttachType.TRACE_FENTRY.kernelId(), made.get(3).attachType);
    // The perf link holds the perf event: its own fd is closed; four link fds remain.
    long open =
        kernel.openFds().stream()
            .filter(fd -> kernel.object(fd) instanceof KernelObject.Link)
            .count();
    assertEquals(4, open);
    assertTrue(
        kernel.openFds().stream()
            .noneMatch(fd -> kernel.object(fd) instanceof KernelObject.PerfEvent));
  }

  @Test
  void withoutPerfLinksTheProgramIsSetOnThePerfEventByIoctl() {
    kernel.perfLinks(false);
    try (BpfLink link = obj.program("onTracepoint").attach()) {
      KernelObject.PerfEvent event = kernel.perfEvents().get(0);
      assertEquals(kernel.program("onTracepoint"), event.program);
      assertTrue(event.enabled);
      assertEquals(event, kernel.object(link.fd()));
      BpfException e = assertThrows(BpfException.class, () -> link.pin(bpffs.resolve("tp")));
      assertTrue(e.getMessage().contains("no perf event links (5.15+)"), e.getMessage());
    }
  }

  @Test
  void sectionsWithoutTargetsNameTheLinksMethod() {
    BpfException e = assertThrows(BpfException.class, () -> obj.program("onEgress").attach());
    assertEquals(
        "program onEgress (section cgroup_skb/egress) does not say where to attach; attach it"
            + " with Links.cgroup(program, cgroupDir)",
        e.getMessage());
    e = assertThrows(BpfException.class, () -> obj.program("onUprobe").attach());
    assertTrue(e.getMessage().contains("Links.uprobe(program, binary, symbol, false)"));
  }

  @Test
  void aMissingTracepointSaysHowToListThem() {
    kernel.kernelFile("/sys/kernel/tracing/events/header_page", "x");
    BpfException e =
        assertThrows(
            BpfException.class, () -> Links.tracepoint(obj.program("onTracepoint"), "sched", "x"));
    assertEquals(Errno.ENOENT, e.errno());
    assertTrue(e.getMessage().contains("the kernel has no tracepoint sched/x"), e.getMessage());
  }

  @Test
  void tracefsNotMountedSaysHowToMountIt() {
    BpfException e =
        assertThrows(
            BpfException.class, () -> Links.tracepoint(obj.program("onTracepoint"), "sched", "x"));
    assertTrue(
        e.getMessage().contains("mount -t tracefs nodev /sys/kernel/tracing"), e.getMessage());
  }

  @Test
  void aTargetMissingFromTheKernelsBtfFailsTheLoadNamingIt() {
    FakeKernel bare =
        new FakeKernel(bpffs).kernelFile(Path.of("/sys/kernel/btf/vmlinux"), vmlinux().clone());
    // Same object, but the kernel has no btf_trace_sys_enter: index a BTF without it.
    Btf btf = new Btf();
    btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    bare.kernelFile(Path.of("/sys/kernel/btf/vmlinux"), BtfWriter.write(btf, List.of()).bytes());
    BpfException e =
        assertThrows(BpfException.class, () -> BpfRuntime.load(bare, bpffs, object(), "attach"));
    assertTrue(e.getMessage().contains("BTF has no typedef btf_trace_sys_enter"), e.getMessage());
    assertEquals(Set.of(), bare.openFds());
  }

  @Test
  void cgroupLinksTargetTheDirectoryWithTheSectionsAttachType() throws Exception {
    Path cgroup = Files.createDirectories(files.resolve("cg"));
    try (BpfLink link = Links.cgroup(obj.program("onEgress"), cgroup)) {
      KernelObject.Link l = kernel.links().get(0);
      assertEquals(AttachType.CGROUP_INET_EGRESS.kernelId(), l.attachType);
      assertEquals(cgroup, ((KernelObject.Directory) l.target).path);
      assertTrue(
          kernel.openFds().stream()
              .noneMatch(fd -> kernel.object(fd) instanceof KernelObject.Directory),
          "the cgroup's fd is closed once the link holds it");
      assertEquals("BpfLink[cgroup cgroup_inet_egress on " + cgroup + "]", link.toString());
    }
    BpfException e =
        assertThrows(
            BpfException.class, () -> Links.cgroup(obj.program("onEgress"), files.resolve("no")));
    assertTrue(e.getMessage().contains("no cgroup directory"), e.getMessage());
  }

  @Test
  void uprobesAreAPerfEventOfTheUprobePmuAtTheFunctionsFileOffset() throws Exception {
    Path binary = files.resolve("small");
    Files.write(binary, io.bpf4j.runtime.links.ElfSymbolOffsetsTestAccess.smallElf());
    try (BpfLink entry = Links.uprobe(obj.program("onUprobe"), binary, "probed", false);
        BpfLink exit = Links.uprobe(obj.program("onUprobe"), binary, "probed", true)) {
      KernelObject.PerfEvent in = kernel.perfEvents().get(0);
      KernelObject.PerfEvent out = kernel.perfEvents().get(1);
      assertEquals(9, in.attr.type());
      assertEquals(0, in.attr.config());
      assertEquals(1, out.attr.config(), "the retprobe bit, config:0");
      assertEquals(binary.toString(), in.attr.config1Path());
      assertEquals(0x240, in.attr.config2(), "0x401040 - 0x401000 + 0x200");
      assertEquals("BpfLink[uretprobe " + binary + ":probed]", exit.toString());
    }
  }

  @Test
  void classicTcAddsClsactAndADirectActionFilterAndDeletesItOnClose() {
    List<Integer> types = new ArrayList<>();
    kernel.netlink(
        request -> {
          ByteBuffer r = ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN);
          int type = r.getShort(4);
          types.add(type);
          if (type == 36) {
            return List.of(FakeKernel.netlinkError(request, -Errno.EEXIST)); // clsact exists
          }
          if (type == 44) {
            byte[] echo = request.clone();
            ByteBuffer e = ByteBuffer.wrap(echo).order(ByteOrder.LITTLE_ENDIAN);
            e.putInt(16 + 8, 1); // handle
            e.putInt(16 + 16, 0xc0000300); // priority 49152, ETH_P_ALL
            return List.of(echo, FakeKernel.netlinkError(request, 0));
          }
          return FakeKernel.acknowledge(request);
        });
    BpfLink link = Links.tc(obj.program("onTc"), "veth0", Direction.INGRESS);
    assertEquals(-1, link.fd());
    assertEquals(
        "BpfLink[tc ingress filter onTc on veth0 (priority 49152, handle 0x1)]", link.toString());
    link.close();
    assertEquals(List.of(36, 44, 45), types);
    ByteBuffer delete = ByteBuffer.wrap(kernel.netlinkSent().get(2)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(7, delete.getInt(16 + 4), "ifindex");
    assertEquals(1, delete.getInt(16 + 8), "handle");
    assertEquals(0xFFFFFFF2, delete.getInt(16 + 12), "parent: clsact ingress");
    assertEquals(0xc0000300, delete.getInt(16 + 16), "priority and protocol");
    link.close(); // idempotent
    assertEquals(3, kernel.netlinkSent().size());
  }

  @Test
  void aRefusedTcFilterCarriesTheKernelsErrno() {
    kernel.netlink(
        request -> {
          int type = ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN).getShort(4);
          return List.of(FakeKernel.netlinkError(request, type == 44 ? -Errno.EINVAL : 0));
        });
    BpfException e =
        assertThrows(
            BpfException.class, () -> Links.tc(obj.program("onTc"), "veth0", Direction.EGRESS));
    assertEquals(Errno.EINVAL, e.errno());
    assertTrue(e.getMessage().contains("no tc (sched_cls) program"), e.getMessage());
    assertNotNull(e.getCause());
  }

  @Test
  void linksAreDetachedByTheObjectAndMayBeClosedFirst() {
    BpfLink early = obj.program("onRaw").attach();
    obj.program("onTracepoint").attach();
    early.close();
    assertEquals(
        1,
        kernel.openFds().stream()
            .filter(fd -> kernel.object(fd) instanceof KernelObject.Link)
            .count());
  }
}
