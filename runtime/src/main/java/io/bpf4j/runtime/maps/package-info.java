/**
 * Map contents as Java values: codecs for keys and values (by BTF member name for structs), and
 * reading whole maps in batches into snapshots. Internal.
 */
package io.bpf4j.runtime.maps;
