package io.bpf4j.processor;

import static io.bpf4j.processor.DiagnosticsTest.assertError;
import static io.bpf4j.processor.DiagnosticsTest.socket;

import io.bpf4j.processor.diag.MapInMapMessages;
import org.junit.jupiter.api.Test;

/** Maps of maps: how their fields are declared, and what BPF code may do with them. */
class MapInMapDiagnosticsTest {
  private static final String INNER_WHY_PROG_ARRAY = "the kernel refuses prog arrays as inner maps";

  @Test
  void aMapOfMapsNeedsInnerMap() {
    assertError(
        MapInMapMessages.missingInnerMap("outer", "ARRAY_OF_MAPS"),
        socket(
            "return 0;",
            "@Map(type = MapType.ARRAY_OF_MAPS, maxEntries = 4)\n"
                + "static BpfMap<Integer, BpfMap<Integer, Long>> outer; // <-"));
  }

  @Test
  void innerMapOnAnotherMapKindIsAnError() {
    assertError(
        MapInMapMessages.innerMapOnOtherMap("plain", "HASH"),
        socket(
            "return 0;",
            "@Map(type = MapType.HASH, maxEntries = 4)\n"
                + "@InnerMap(type = MapType.ARRAY, maxEntries = 4)\n"
                + "static BpfMap<Integer, Long> plain; // <-"));
  }

  @Test
  void innerMapWithoutMapIsAnError() {
    assertError(
        MapInMapMessages.innerMapWithoutMap("lonely"),
        socket(
            "return 0;",
            "@InnerMap(type = MapType.ARRAY, maxEntries = 4)\n"
                + "static BpfMap<Integer, Long> lonely; // <-"));
  }

  @Test
  void aMapOfMapsWhoseValueIsNotAMapIsAnError() {
    assertError(
        MapInMapMessages.valueNotAMap("outer", "HASH_OF_MAPS", "java.lang.Long"),
        socket(
            "return 0;",
            "@Map(type = MapType.HASH_OF_MAPS, maxEntries = 4)\n"
                + "@InnerMap(type = MapType.ARRAY, maxEntries = 4)\n"
                + "static BpfMap<Integer, Long> outer; // <-"));
  }

  @Test
  void aPlainMapOfMapsValuesIsAnError() {
    assertError(
        MapInMapMessages.mapValueInPlainMap("outer", "HASH"),
        socket(
            "return 0;",
            "@Map(type = MapType.HASH, maxEntries = 4)\n"
                + "static BpfMap<Integer, BpfMap<Integer, Long>> outer; // <-"));
  }

  @Test
  void progArraysCannotBeInnerMaps() {
    assertError(
        MapInMapMessages.innerKindRefused("outer", "PROG_ARRAY", INNER_WHY_PROG_ARRAY),
        socket(
            "return 0;",
            "@Map(type = MapType.ARRAY_OF_MAPS, maxEntries = 4)\n"
                + "@InnerMap(type = MapType.PROG_ARRAY, maxEntries = 4)\n"
                + "static BpfMap<Integer, BpfMap<Integer, Integer>> outer; // <-"));
  }

  @Test
  void mapsOfMapsCannotBeInnerMaps() {
    assertError(
        "the kernel allows one level of maps of maps only",
        socket(
            "return 0;",
            "@Map(type = MapType.HASH_OF_MAPS, maxEntries = 4)\n"
                + "@InnerMap(type = MapType.ARRAY_OF_MAPS, maxEntries = 4)\n"
                + "static BpfMap<Integer, BpfMap<Integer, Integer>> outer; // <-"));
  }

  @Test
  void ringBuffersCannotBeBpfMapInnerMaps() {
    assertError(
        "RINGBUF maps are used from BPF code through their own types",
        socket(
            "return 0;",
            "@Map(type = MapType.ARRAY_OF_MAPS, maxEntries = 4)\n"
                + "@InnerMap(type = MapType.RINGBUF, maxEntries = 4096)\n"
                + "static BpfMap<Integer, BpfMap<Integer, Integer>> outer; // <-"));
  }

  @Test
  void anArrayOfMapsKeyIsFourBytes() {
    assertError(
        MapInMapMessages.arrayOfMapsKey("outer", "java.lang.Long"),
        socket(
            "return 0;",
            "@Map(type = MapType.ARRAY_OF_MAPS, maxEntries = 4)\n"
                + "@InnerMap(type = MapType.ARRAY, maxEntries = 4)\n"
                + "static BpfMap<Long, BpfMap<Integer, Long>> outer; // <-"));
  }

  @Test
  void innerMaxEntriesMustBePositive() {
    assertError(
        MapInMapMessages.innerMaxEntries("outer", 0),
        socket(
            "return 0;",
            "@Map(type = MapType.HASH_OF_MAPS, maxEntries = 4)\n"
                + "@InnerMap(type = MapType.HASH, maxEntries = 0)\n"
                + "static BpfMap<Integer, BpfMap<Integer, Long>> outer; // <-"));
  }

  private static final String OUTER =
      "@Map(type = MapType.HASH_OF_MAPS, maxEntries = 4)\n"
          + "@InnerMap(type = MapType.HASH, maxEntries = 8)\n"
          + "static BpfMap<Integer, BpfMap<Integer, Long>> outer;";

  @Test
  void updatingTheOuterMapFromBpfCodeIsAnError() {
    assertError(
        MapInMapMessages.outerMapWrite("outer", "update"),
        socket(
            """
            BpfMap<Integer, Long> inner = outer.lookup(1);
            outer.update(2, inner, BpfMap.ANY); // <-
            return 0;
            """,
            OUTER));
  }

  @Test
  void deletingFromTheOuterMapInBpfCodeIsAnError() {
    assertError(
        MapInMapMessages.outerMapWrite("outer", "delete"),
        socket(
            """
            outer.delete(1); // <-
            return 0;
            """,
            OUTER));
  }

  @Test
  void usingAnInnerMapWithoutNullCheckIsAnError() {
    assertError(
        MapInMapMessages.innerMapWithoutNullCheck("outer"),
        socket(
            """
            BpfMap<Integer, Long> inner = outer.lookup(skb.len());
            Long v = inner.lookup(0); // <-
            return v == null ? 0 : 1;
            """,
            OUTER));
  }

  @Test
  void anInnerMapCheckedOnOnlyOnePathIsAnError() {
    assertError(
        MapInMapMessages.innerMapWithoutNullCheck("outer"),
        socket(
            """
            BpfMap<Integer, Long> inner = outer.lookup(skb.len());
            if (skb.len() > 100 && inner == null) {
              return 0;
            }
            inner.delete(0); // <-
            return 1;
            """,
            OUTER));
  }

  @Test
  void oneLocalForInnerMapsOfTwoShapesIsAnError() {
    assertError(
        MapInMapMessages.localHoldsTwoShapes("outer", "other"),
        socket(
            """
            BpfMap<Integer, Long> inner = outer.lookup(1);
            if (inner == null) {
              return 0;
            }
            inner.delete(0);
            inner = other.lookup(1); // <-
            return 1;
            """,
            OUTER
                + "\n@Map(type = MapType.ARRAY_OF_MAPS, maxEntries = 4)\n"
                + "@InnerMap(type = MapType.ARRAY, maxEntries = 8)\n"
                + "static BpfMap<Integer, BpfMap<Integer, Long>> other;"));
  }

  @Test
  void anInnerMapPassedToAnotherMethodIsAnError() {
    assertError(
        MapInMapMessages.unknownMap(),
        socket(
            """
            BpfMap<Integer, Long> inner = outer.lookup(1);
            if (inner == null) {
              return 0;
            }
            return (int) get(inner);
            """,
            OUTER
                + "\nstatic long get(BpfMap<Integer, Long> m) {\n"
                + "  Long v = m.lookup(0); // <-\n"
                + "  return v == null ? 0 : v;\n"
                + "}"));
  }
}
