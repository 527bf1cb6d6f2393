package io.bpf4j.benchmarks;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.ProgArrayHandle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * The programs of issue 6's suite, each written in Java and in C, and how to build both objects
 * now: ours with javac and the shaded processor jar (as integration-tests' {@code Corpus} does),
 * clang's with {@code clang-19 -O2 -g -target bpf -mcpu=v4 -c}.
 */
final class Suite {
  private Suite() {}

  /** One program of a pair: its name in the Java class, its name in the C file, its packet. */
  record Case(String javaProgram, String cProgram, byte[] frame) {
    Case(String program, byte[] frame) {
      this(program, program, frame);
    }
  }

  /**
   * A program pair: the Java side ({@code corpus/classic/<Name>.java}, or the seed's object from
   * the class path), the C file (relative to {@value SourceTree#RESOURCES}) and its header, the
   * programs to compare, and what to put in the maps of both objects before the runs.
   */
  record Pair(
      String label,
      String javaSource,
      String javaObjectResource,
      String cFile,
      String cHeader,
      List<Case> cases,
      Consumer<BpfObject> setup) {}

  /**
   * The suite. Java program names (the {@code @Section} methods) equal the C function names in
   * every pair, so the pairing is by name; a program whose names differ would be listed as {@code
   * new Case(javaName, cName, frame)}. Pairing table (Java class.method = C file:function):
   *
   * <pre>
   * BandwidthMonitor.socketFilter = bandwidth_monitor.c:socketFilter  UDP frame, tail call empty
   * BandwidthMonitorNoPrintk.socketFilter = classic/bandwidth_monitor_no_printk.c:same  as above
   * Dispatcher.dispatch           = classic/dispatcher.c:dispatch      UDP, tail-calls udpProg
   * Dispatcher.tcpProg/udpProg/icmpProg = dispatcher.c:same names      TCP / UDP / ICMP frame
   * FlowCounters.countFlow        = classic/flow_counters.c:countFlow  TCP (existing flow)
   * IfindexCounter.countIfindex   = classic/ifindex_counter.c:same     UDP (existing ifindex)
   * IpChecksum.checksum           = classic/ip_checksum.c:checksum     UDP
   * Sockex1.bpfProg1              = classic/sockex1.c:bpfProg1         UDP, PACKET_HOST
   * UdpPortFilter.udpFilter       = classic/udp_port_filter.c:same     UDP to port 53, config 53
   * </pre>
   */
  static List<Pair> pairs() {
    byte[] udp = Frames.udp(64);
    byte[] tcp = Frames.tcp(74);
    byte[] icmp = Frames.icmp(64);
    Consumer<BpfObject> none = o -> {};
    return List.of(
        new Pair(
            "BandwidthMonitor",
            null,
            "io/bpf4j/examples/bandwidth/BandwidthMonitor.bpf.o",
            "c/bandwidth_monitor.c",
            "c/bpf_defs.h",
            List.of(new Case("socketFilter", udp)),
            none),
        classic(
            "BandwidthMonitorNoPrintk",
            "bandwidth_monitor_no_printk",
            List.of(new Case("socketFilter", udp)),
            none),
        classic(
            "Dispatcher",
            "dispatcher",
            List.of(
                new Case("dispatch", udp),
                new Case("tcpProg", tcp),
                new Case("udpProg", udp),
                new Case("icmpProg", icmp)),
            none),
        classic("FlowCounters", "flow_counters", List.of(new Case("countFlow", tcp)), none),
        classic("IfindexCounter", "ifindex_counter", List.of(new Case("countIfindex", udp)), none),
        classic("IpChecksum", "ip_checksum", List.of(new Case("checksum", udp)), none),
        classic("Sockex1", "sockex1", List.of(new Case("bpfProg1", udp)), none),
        classic(
            "UdpPortFilter",
            "udp_port_filter",
            List.of(new Case("udpFilter", udp)),
            // struct Config { int port; }: drop UDP to port 53, so the run takes the whole path.
            o -> {
              try (MapHandle<Integer, Integer> config =
                  o.map("config", Integer.class, Integer.class)) {
                config.put(0, 53);
              }
            }));
  }

  /**
   * Issue 16's open corpus: programs this project did not write, ported faithfully to {@code
   * corpus/open/*.java} and measured against our own C twins of the ports ({@code c/public/*.c},
   * the origin of the logic and its license in each file), like the suite, each on the frame that
   * takes its longest path. Pairing table (Java class.method = C file:function):
   *
   * <pre>
   * Xdp1.xdpProg1              = public/xdp1_kern.c:xdpProg1         UDP (samples/bpf xdp1)
   * ParseSimple.handleIngress  = public/parse_simple.c:handleIngress UDP (samples/bpf)
   * Xdp2.xdpProg1              = public/xdp2_kern.c:xdp_prog1        UDP: MACs swapped, XDP_TX
   * ParseLdabs.handleIngress   = public/parse_ldabs.c:handle_ingress UDP (samples/bpf)
   * ParseVarlen.handleIngress  = public/parse_varlen.c:same          UDP (samples/bpf)
   * Sockex2.bpfProg2           = public/sockex2_kern.c:bpf_prog2     UDP behind an outer Ethernet
   *                                                                  header (see below)
   * Sockex3.mainProg           = public/sockex3_kern.c:main_prog     UDP behind an outer Ethernet
   *                              header: two tail calls (IPv4 parser), one flow counted
   * Tcbpf1.bpfProg1            = public/tcbpf1_kern.c:bpf_prog1      TCP: rewritten
   * XdpAdjustTail.xdpIcmp      = public/xdp_adjust_tail_kern.c:_xdp_icmp  UDP 700 (see below)
   * TestPktAccess.testPktAccess = public/test_pkt_access.c:test_pkt_access TCP (selftests)
   * TestXdpAdjustTailGrow.xdpAdjustTailGrow = public/test_xdp_adjust_tail_grow.c:
   *   _xdp_adjust_tail_grow   TCP 74 (selftests): grown by 40 once, then no test case (ABORTED)
   * TestXdpAdjustTailShrink.xdpAdjustTailShrink = public/test_xdp_adjust_tail_shrink.c:
   *   _xdp_adjust_tail_shrink TCP 74 (selftests): cut by 20 until the kernel refuses (DROP)
   * TestXdpVlan.xdpPrognum0/1 = public/test_xdp_vlan.c:xdp_prognum0/1  UDP behind an 802.1Q tag
   *   with VLAN 4011 (selftests): dropped (ABORTED); changed to VLAN 0 once, then passed
   * TestParseTcpHdrOpt.xdpIngressV6 = public/test_parse_tcp_hdr_opt.c:xdp_ingress_v6  IPv6/TCP
   *   with 14 NOPs, then katran's server id option (selftests): found at the 15th check
   * XdpRedirect.xdpRedirectProg = public/xdp_redirect_kern.c:xdp_redirect_prog  UDP, tx_port[0]
   *   = 1 (a test run returns XDP_REDIRECT without carrying it out): counted, MACs swapped
   * XdpProgKern02.xdpPatchPortsFunc = public/xdp_prog_kern_02.c:xdp_patch_ports_func  UDP
   *                                                     (xdp-tutorial packet02): port patched
   * XdpProgKern02.xdpVlanSwapFunc = public/xdp_prog_kern_02.c:xdp_vlan_swap_func  UDP: a tag
   *                                                     pushed, popped by the next repeat, ...
   * XdpProgKern03.xdpIcmpEchoFunc = public/xdp_prog_kern_03.c:xdp_icmp_echo_func  ICMP echo
   *                                  request (xdp-tutorial packet03): answered once, then passed
   *                                  (the next repeats see the reply)
   * </pre>
   *
   * sockex2 reads from the Ethernet header (it runs on a packet socket) while a test run starts a
   * socket filter at the network header, so its frame goes in behind a second Ethernet header.
   * xdp_adjust_tail answers its 700-byte frame with a 126-byte reply, and a repeated XDP test run
   * goes on with the bytes the previous run left: the first run takes the reply path, the others
   * see the reply (too short) and pass it.
   */
  static List<Pair> openPairs() {
    byte[] udp = Frames.udp(64);
    byte[] tcp = Frames.tcp(74);
    Consumer<BpfObject> none = o -> {};
    String publicDefs = "c/public/public_defs.h";
    return List.of(
        open("Xdp1", "xdp1_kern", publicDefs, List.of(new Case("xdpProg1", udp)), none),
        open(
            "ParseSimple",
            "parse_simple",
            publicDefs,
            List.of(new Case("handleIngress", udp)),
            none),
        open(
            "Xdp2", "xdp2_kern", publicDefs, List.of(new Case("xdpProg1", "xdp_prog1", udp)), none),
        open(
            "ParseLdabs",
            "parse_ldabs",
            publicDefs,
            List.of(new Case("handleIngress", "handle_ingress", udp)),
            none),
        open(
            "ParseVarlen",
            "parse_varlen",
            publicDefs,
            List.of(new Case("handleIngress", "handle_ingress", udp)),
            none),
        open(
            "Sockex2",
            "sockex2_kern",
            publicDefs,
            List.of(new Case("bpfProg2", "bpf_prog2", behindEthernet(udp))),
            none),
        open(
            "Sockex3",
            "sockex3_kern",
            publicDefs,
            List.of(new Case("mainProg", "main_prog", behindEthernet(udp))),
            Suite::fillSockex3JumpTable),
        open(
            "Tcbpf1",
            "tcbpf1_kern",
            publicDefs,
            List.of(new Case("bpfProg1", "bpf_prog1", tcp)),
            none),
        open(
            "XdpAdjustTail",
            "xdp_adjust_tail_kern",
            publicDefs,
            List.of(new Case("xdpIcmp", "_xdp_icmp", Frames.udp(700))),
            none),
        open(
            "TestPktAccess",
            "test_pkt_access",
            publicDefs,
            List.of(new Case("testPktAccess", "test_pkt_access", tcp)),
            none),
        open(
            "TestXdpAdjustTailGrow",
            "test_xdp_adjust_tail_grow",
            publicDefs,
            List.of(new Case("xdpAdjustTailGrow", "_xdp_adjust_tail_grow", tcp)),
            none),
        open(
            "TestXdpAdjustTailShrink",
            "test_xdp_adjust_tail_shrink",
            publicDefs,
            List.of(new Case("xdpAdjustTailShrink", "_xdp_adjust_tail_shrink", tcp)),
            none),
        open(
            "TestXdpVlan",
            "test_xdp_vlan",
            publicDefs,
            List.of(
                new Case("xdpPrognum0", "xdp_prognum0", vlanTagged(udp, 4011)),
                new Case("xdpPrognum1", "xdp_prognum1", vlanTagged(udp, 4011))),
            none),
        open(
            "TestParseTcpHdrOpt",
            "test_parse_tcp_hdr_opt",
            publicDefs,
            List.of(new Case("xdpIngressV6", "xdp_ingress_v6", ipv6TcpWithServerId())),
            none),
        open(
            "XdpRedirect",
            "xdp_redirect_kern",
            publicDefs,
            List.of(new Case("xdpRedirectProg", "xdp_redirect_prog", udp)),
            o -> {
              try (MapHandle<Integer, Integer> txPort =
                  o.map("tx_port", Integer.class, Integer.class)) {
                txPort.put(0, 1);
              }
            }),
        open(
            "XdpProgKern02",
            "xdp_prog_kern_02",
            publicDefs,
            List.of(
                new Case("xdpPatchPortsFunc", "xdp_patch_ports_func", udp),
                new Case("xdpVlanSwapFunc", "xdp_vlan_swap_func", udp)),
            none),
        open(
            "XdpProgKern03",
            "xdp_prog_kern_03",
            publicDefs,
            List.of(new Case("xdpIcmpEchoFunc", "xdp_icmp_echo_func", Frames.icmp(64))),
            none));
  }

  /**
   * sockex3's jmp_table as its user space fills it (slot 1 VLAN, 2 MPLS, 3 IPv4, 4 IPv6), in either
   * object: the Java port's parsers are named in camel case, the C's bpf_func_PARSE_*.
   */
  private static void fillSockex3JumpTable(BpfObject o) {
    String[][] slots = {
      {"bpfFuncParseVlan", "bpf_func_PARSE_VLAN"},
      {"bpfFuncParseMpls", "bpf_func_PARSE_MPLS"},
      {"bpfFuncParseIp", "bpf_func_PARSE_IP"},
      {"bpfFuncParseIpv6", "bpf_func_PARSE_IPV6"}
    };
    try (ProgArrayHandle jmp = o.progArray("jmp_table")) {
      for (int i = 0; i < slots.length; i++) {
        String[] names = slots[i];
        BpfProgram program =
            o.programs().stream()
                .filter(p -> p.name().equals(names[0]) || p.name().equals(names[1]))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no program " + names[0]));
        jmp.set(i + 1, program);
      }
    }
  }

  /**
   * An IPv6/TCP frame (no payload) whose 20 bytes of options are 14 NOPs and katran's server id
   * option (kind 0xFD, length 6, id bytes 1 2 3 4): the longest search test_parse_tcp_hdr_opt
   * makes.
   */
  private static byte[] ipv6TcpWithServerId() {
    byte[] f = new byte[14 + 40 + 40];
    f[12] = (byte) 0x86;
    f[13] = (byte) 0xDD;
    f[14] = 0x60;
    f[19] = 40; // payload length: the TCP header with its options
    f[20] = 6; // next header: TCP
    f[21] = 64;
    f[22 + 15] = 1; // source ::1
    f[38 + 15] = 2; // destination ::2
    int tcp = 54;
    f[tcp] = (byte) 0x9c; // source port 40000
    f[tcp + 1] = 0x40;
    f[tcp + 3] = (byte) 443; // destination port 443 (0x01bb)
    f[tcp + 2] = 0x01;
    f[tcp + 12] = (byte) (10 << 4); // data offset: 10 words
    f[tcp + 13] = 0x10; // ACK
    for (int i = 0; i < 14; i++) {
      f[tcp + 20 + i] = 1; // NOP
    }
    byte[] option = {(byte) 0xfd, 6, 1, 2, 3, 4};
    System.arraycopy(option, 0, f, tcp + 34, option.length);
    return f;
  }

  /** {@code frame} with an 802.1Q tag of VLAN {@code vid} after its MAC addresses. */
  private static byte[] vlanTagged(byte[] frame, int vid) {
    byte[] out = new byte[frame.length + 4];
    System.arraycopy(frame, 0, out, 0, 12);
    out[12] = (byte) 0x81;
    out[13] = 0;
    out[14] = (byte) (vid >> 8);
    out[15] = (byte) vid;
    System.arraycopy(frame, 12, out, 16, frame.length - 12);
    return out;
  }

  /** {@code frame} behind a second Ethernet header (the IEEE experimental EtherType 0x88B5). */
  private static byte[] behindEthernet(byte[] frame) {
    byte[] out = new byte[14 + frame.length];
    System.arraycopy(frame, 0, out, 0, 12); // the same MAC addresses
    out[12] = (byte) 0x88;
    out[13] = (byte) 0xB5;
    System.arraycopy(frame, 0, out, 14, frame.length);
    return out;
  }

  private static Pair open(
      String javaName, String cName, String cHeader, List<Case> cases, Consumer<BpfObject> setup) {
    return new Pair(
        javaName,
        "corpus/open/" + javaName + ".java",
        null,
        "c/public/" + cName + ".c",
        cHeader,
        cases,
        setup);
  }

  private static Pair classic(
      String javaName, String cName, List<Case> cases, Consumer<BpfObject> setup) {
    return new Pair(
        javaName,
        "corpus/classic/" + javaName + ".java",
        null,
        "c/classic/" + cName + ".c",
        "c/classic/classic_defs.h",
        cases,
        setup);
  }

  /**
   * Our object: the seed's from the class path, or the classic source compiled now exactly as
   * integration-tests' Corpus does (system javac, --release 17, the shaded processor jar as the
   * processor path, bpf-annotations as the only class path entry).
   */
  static Path javaObject(SourceTree tree, Path work, Pair pair) throws IOException {
    if (pair.javaSource() == null) {
      Path out = work.resolve("seed/" + pair.label() + ".bpf.o");
      Files.createDirectories(out.getParent());
      try (InputStream in =
          Suite.class.getClassLoader().getResourceAsStream(pair.javaObjectResource())) {
        if (in == null) {
          throw new IllegalStateException(pair.javaObjectResource() + " is not on the class path");
        }
        Files.copy(in, out);
      }
      return out;
    }
    Path source = tree.resource(pair.javaSource());
    Path out = work.resolve("java/" + pair.label());
    Javac.compile(List.of(source), out, tree.processorJar(), null);
    Path result = out.resolve(pair.javaSource().replace(".java", ".bpf.o"));
    if (!Files.isRegularFile(result)) {
      throw new IllegalStateException("javac compiled " + source + " but wrote no " + result);
    }
    return result;
  }

  /** Clang's object: the C file and its header copied to the work directory, built now. */
  static Path cObject(SourceTree tree, Path work, Pair pair) throws Exception {
    return clangObject(tree, work.resolve("c/" + pair.label()), pair.cFile(), pair.cHeader());
  }

  /**
   * {@code cFile} and {@code cHeader} (fixtures of the tree) copied to {@code dir}, replacing what
   * an earlier build left, and built there with {@code clang-19 -O2 -g -target bpf -mcpu=v4}.
   */
  static Path clangObject(SourceTree tree, Path dir, String cFile, String cHeader)
      throws Exception {
    Files.createDirectories(dir);
    Path source = dir.resolve(Path.of(cFile).getFileName().toString());
    Files.copy(tree.cFixture(cFile), source, StandardCopyOption.REPLACE_EXISTING);
    Path header = tree.cFixture(cHeader);
    Files.copy(
        header, dir.resolve(header.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
    Path object = dir.resolve(source.getFileName().toString().replace(".c", ".o"));
    SourceTree.run(
        dir,
        List.of(
            "clang-19",
            "-O2",
            "-g",
            "-target",
            "bpf",
            "-mcpu=v4",
            "-c",
            source.toString(),
            "-o",
            object.toString()));
    return object;
  }
}
