package io.bpf4j.object.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** libbpf's object names and internal map names. */
class ObjectNamesTest {

  @Test
  void internalMapNamesFollowLibbpf() {
    // The examples of libbpf's internal_map_name comment.
    assertEquals("my_objec.rodata", ObjectNames.internalMapName("my_object_name", ".rodata"));
    assertEquals("my_objec.bss", ObjectNames.internalMapName("my_object_name", ".bss"));
    assertEquals("my_obje.kconfig", ObjectNames.internalMapName("my_object_name", ".kconfig"));
    assertEquals(
        ".rodata.abracad", ObjectNames.internalMapName("my_object_name", ".rodata.abracadabra"));
    assertEquals(".rodata.str1.1", ObjectNames.internalMapName("obj", ".rodata.str1.1"));
    assertEquals("linking.data", ObjectNames.internalMapName("linking", ".data"));
    assertEquals(".data", ObjectNames.internalMapName("", ".data"));
    assertEquals("a_b.data", ObjectNames.internalMapName("a-b", ".data"));
  }

  @Test
  void objectNamesAreFileNamesUpToTheFirstDot() {
    // libbpf keeps at most 15 characters (BPF_OBJ_NAME_LEN - 1).
    assertEquals("bandwidth_monit", ObjectNames.objectName("out/x.y/bandwidth_monitor.bpf.o"));
    assertEquals("linking", ObjectNames.objectName("/tmp/linking.bpf.o"));
    assertEquals("linking", ObjectNames.objectName("linking"));
    assertEquals("", ObjectNames.objectName(null));
    assertEquals("a_very_long_obj", ObjectNames.objectName("a_very_long_object_name.o"));
    assertTrue(ObjectNames.kernelName("x-y").equals("x_y"));
  }
}
