package io.bpf4j.processor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bpf4j.object.kernel.ContextType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Checks every name in {@link LangNames} against the real classes of bpf-annotations, so that a
 * rename there fails here instead of silently turning an intrinsic into "not supported".
 */
class LangNamesTest {
  private static Class<?> load(String binaryName) {
    try {
      return Class.forName(binaryName, false, LangNamesTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return fail("LangNames names " + binaryName + ", which bpf-annotations does not have");
    }
  }

  private static Method member(Class<?> type, String name) {
    return Arrays.stream(type.getMethods())
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseGet(() -> fail(type.getName() + " has no member " + name + "()"));
  }

  @Test
  void everyAnnotationExists() {
    for (String simpleName : LangNames.ALL_ANNOTATIONS) {
      Class<?> type = load(LangNames.annotation(simpleName));
      assertTrue(type.isAnnotation(), type + " is not an annotation");
    }
  }

  @Test
  void everyAnnotationConstantIsListed() throws IllegalAccessException {
    for (String simpleName :
        new String[] {
          LangNames.SECTION,
          LangNames.MAP,
          LangNames.STRUCT,
          LangNames.LICENSE,
          LangNames.ATOMIC,
          LangNames.HELPER,
          LangNames.TAIL_CALL_TARGET,
          LangNames.TAIL_CALL_TARGETS
        }) {
      assertTrue(LangNames.ALL_ANNOTATIONS.contains(simpleName), simpleName);
    }
    // And the processor claims each of them.
    assertEquals(
        LangNames.ALL_ANNOTATIONS.size(),
        LangNames.ALL_ANNOTATIONS.stream().map(LangNames::annotation).distinct().count());
  }

  @Test
  void annotationMembersExist() {
    Class<?> section = load(LangNames.annotation(LangNames.SECTION));
    member(section, LangNames.VALUE);
    member(load(LangNames.annotation(LangNames.LICENSE)), LangNames.VALUE);
    member(load(LangNames.annotation(LangNames.TAIL_CALL_TARGETS)), LangNames.VALUE);
    member(load(LangNames.annotation(LangNames.HELPER)), LangNames.HELPER_ID);
    Class<?> target = load(LangNames.annotation(LangNames.TAIL_CALL_TARGET));
    member(target, LangNames.TAIL_CALL_MAP);
    member(target, LangNames.TAIL_CALL_INDEX);
    Class<?> map = load(LangNames.annotation(LangNames.MAP));
    for (String name :
        new String[] {
          LangNames.MAP_TYPE,
          LangNames.MAP_MAX_ENTRIES,
          LangNames.MAP_NAME,
          LangNames.MAP_FLAGS,
          LangNames.MAP_PINNING
        }) {
      member(map, name);
    }
    assertEquals(
        load(LangNames.binaryName(LangNames.MAP_TYPE_ENUM)),
        member(map, LangNames.MAP_TYPE).getReturnType());
  }

  @Test
  void langClassesAndMethodsExist() {
    load(LangNames.binaryName(LangNames.BPF));
    member(load(LangNames.binaryName(LangNames.BPF_MAP)), LangNames.BPF_MAP_LOOKUP);
    member(load(LangNames.binaryName(LangNames.BPF_MAP)), LangNames.BPF_MAP_UPDATE);
    member(load(LangNames.binaryName(LangNames.BPF_MAP)), LangNames.BPF_MAP_DELETE);
    member(load(LangNames.binaryName(LangNames.PROG_ARRAY)), LangNames.PROG_ARRAY_TAIL_CALL);
    member(load(LangNames.binaryName(LangNames.RING_BUF)), LangNames.RING_BUF_OUTPUT);
    member(load(LangNames.binaryName(LangNames.RING_BUF)), LangNames.RING_BUF_RESERVE);
    member(load(LangNames.binaryName(LangNames.RING_BUF)), LangNames.RING_BUF_SUBMIT);
    member(load(LangNames.binaryName(LangNames.RING_BUF)), LangNames.RING_BUF_DISCARD);
    member(
        load(LangNames.binaryName(LangNames.PERF_EVENT_ARRAY)), LangNames.PERF_EVENT_ARRAY_OUTPUT);
  }

  @Test
  void mapTypeConstantsExist() {
    Class<?> mapType = load(LangNames.binaryName(LangNames.MAP_TYPE_ENUM));
    assertTrue(mapType.isEnum());
    for (String constant :
        new String[] {
          LangNames.MAP_TYPE_PROG_ARRAY,
          LangNames.MAP_TYPE_RINGBUF,
          LangNames.MAP_TYPE_PERF_EVENT_ARRAY
        }) {
      assertTrue(
          Arrays.stream(mapType.getEnumConstants()).anyMatch(c -> c.toString().equals(constant)),
          mapType.getName() + " has no constant " + constant);
    }
  }

  /** Catches a constant added to LangNames without a check above: each class name must load. */
  @Test
  void everyLangClassConstantLoads() throws IllegalAccessException {
    int checked = 0;
    for (Field f : LangNames.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers())
          && f.getType() == String.class
          && f.get(null) instanceof String value
          && value.startsWith(LangNames.LANG)
          && !value.equals(LangNames.LANG)) {
        assertNotNull(load(LangNames.binaryName(value)));
        checked++;
      }
    }
    assertTrue(checked >= 5, "found only " + checked + " class names");
    assertEquals(
        LangNames.LANG,
        load(LangNames.binaryName(LangNames.BPF)).getPackageName().replace('.', '/') + "/");
  }

  @Test
  void contextInterfacesExistAndResolve() {
    for (ContextType t : ContextType.values()) {
      if (!t.hasJavaInterface()) {
        // The traced arguments: the program's own parameters stand for them.
        assertEquals(null, LangNames.context(t.internalName()));
        continue;
      }
      Class<?> type = load(t.javaName());
      assertTrue(type.isInterface(), type + " is not an interface");
      assertSame(t, LangNames.context(t.internalName()));
    }
    assertEquals(null, LangNames.context(LangNames.BPF_MAP));
  }
}
