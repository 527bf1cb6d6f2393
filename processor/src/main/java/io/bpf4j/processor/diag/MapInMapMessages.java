package io.bpf4j.processor.diag;

/**
 * The messages about maps of maps ({@code ARRAY_OF_MAPS}, {@code HASH_OF_MAPS}): how their fields
 * are declared and what BPF code may do with them.
 */
public final class MapInMapMessages {
  private MapInMapMessages() {}

  public static String missingInnerMap(String field, String type) {
    return "map of maps "
        + field
        + " ("
        + type
        + ") needs @InnerMap(type = ..., maxEntries = ...) next to @Map: the kernel checks every"
        + " map put into it against that kind and size";
  }

  public static String innerMapOnOtherMap(String field, String type) {
    return "@InnerMap on "
        + field
        + ", a "
        + type
        + " map: only ARRAY_OF_MAPS and HASH_OF_MAPS hold maps; remove @InnerMap or change the"
        + " @Map type";
  }

  public static String innerMapWithoutMap(String field) {
    return "@InnerMap on "
        + field
        + " without @Map: declare the map of maps with @Map(type = MapType.ARRAY_OF_MAPS or"
        + " HASH_OF_MAPS, ...) and @InnerMap";
  }

  public static String valueNotAMap(String field, String type, String value) {
    return "map of maps "
        + field
        + " ("
        + type
        + ") holds maps, not "
        + value
        + ": declare it as BpfMap<K, BpfMap<K2, V2>>, where K2 and V2 are the inner maps' key"
        + " and value";
  }

  public static String mapValueInPlainMap(String field, String type) {
    return "@Map field "
        + field
        + " is a "
        + type
        + " map but its values are maps: use @Map(type = MapType.ARRAY_OF_MAPS or HASH_OF_MAPS)"
        + " with @InnerMap for a map of maps";
  }

  public static String arrayOfMapsKey(String field, String key) {
    return "ARRAY_OF_MAPS "
        + field
        + " has key "
        + key
        + ": the kernel indexes arrays of maps with a 4-byte key; use Integer";
  }

  public static String innerKindRefused(String field, String innerType, String why) {
    return "map of maps "
        + field
        + " cannot hold "
        + innerType
        + " maps: "
        + why
        + "; use a HASH, ARRAY, per-CPU, LRU or LPM_TRIE inner map";
  }

  public static String innerMaxEntries(String field, int maxEntries) {
    return "@InnerMap maxEntries of " + field + " must be positive, got " + maxEntries;
  }

  public static String outerMapWrite(String field, String op) {
    return "map of maps "
        + field
        + " cannot be changed from BPF code ("
        + op
        + "): the kernel lets only user space put maps into it or remove them (it refuses"
        + " bpf_map_update_elem and bpf_map_delete_elem on maps of maps); look the inner map up"
        + " and change its entries instead";
  }

  public static String unknownMap() {
    return "this map is neither a @Map field nor an inner map looked up in this method: maps"
        + " cannot be passed to other methods; use the @Map field at each call, and look an inner"
        + " map up in the method that uses it";
  }

  public static String localHoldsTwoShapes(String first, String second) {
    return "one local variable holds inner maps of "
        + first
        + " and of "
        + second
        + ", which have different shapes: use a variable for each";
  }

  public static String innerMapWithoutNullCheck(String field) {
    return "the inner map looked up in "
        + field
        + " may be null (no map at that key): compare it with null before using it, as in"
        + " 'if (inner == null) return 0;'";
  }
}
