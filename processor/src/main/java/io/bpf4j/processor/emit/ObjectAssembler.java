package io.bpf4j.processor.emit;

import io.bpf4j.object.FunctionSpec;
import io.bpf4j.object.GlobalVariableSpec;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectSpec;
import io.bpf4j.processor.model.MapModel;
import io.bpf4j.processor.model.ProgramModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the compiled functions, the maps, the global variables, {@code .rodata} and BTF together
 * into an object.
 */
public final class ObjectAssembler {
  private ObjectAssembler() {}

  public static ObjectSpec assemble(
      ProgramModel model,
      List<FunctionSpec> functions,
      byte[] rodata,
      List<GlobalVariableSpec> globals,
      BtfTypes btf) {
    List<MapSpec> maps = new ArrayList<>();
    for (MapModel map : model.maps().values()) {
      MapSpec spec = mapSpec(map, btf);
      maps.add(map.isMapOfMaps() ? spec.withInner(mapSpec(map.inner(), btf)) : spec);
    }
    return new ObjectSpec(model.license(), functions, maps, rodata, btf.btf(), globals);
  }

  /** A map's own definition; a map of maps' inner shape is added by the caller. */
  private static MapSpec mapSpec(MapModel map, BtfTypes btf) {
    return new MapSpec(
        map.name(),
        map.type(),
        map.keySize(),
        map.valueSize(),
        map.maxEntries(),
        map.flags(),
        map.pinning(),
        // The kernel takes no BTF key or value for these; libbpf writes sizes only.
        map.holdsRecords() ? 0 : btf.valueType(map.key()),
        map.holdsRecords() ? 0 : btf.valueType(map.value()),
        map.tailCallSlots());
  }
}
