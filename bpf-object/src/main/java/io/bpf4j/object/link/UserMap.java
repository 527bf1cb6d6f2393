package io.bpf4j.object.link;

import io.bpf4j.object.MapSpec;

/**
 * A map of {@code .maps} and where its definition lies in the section.
 *
 * @param definition the map, as its BTF defines it (no initial programs yet)
 * @param offset the definition's offset in {@code .maps}
 * @param size the definition's size in bytes
 * @param valuesOffset where the {@code values} slots of a prog array start within the definition,
 *     or -1 without them
 */
record UserMap(MapSpec definition, long offset, long size, int valuesOffset) {}
