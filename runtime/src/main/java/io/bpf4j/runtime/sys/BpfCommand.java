package io.bpf4j.runtime.sys;

/** The {@code bpf(2)} commands the runtime uses ({@code enum bpf_cmd}). */
enum BpfCommand {
  MAP_CREATE(0),
  MAP_LOOKUP_ELEM(1),
  MAP_UPDATE_ELEM(2),
  MAP_DELETE_ELEM(3),
  MAP_GET_NEXT_KEY(4),
  PROG_LOAD(5),
  OBJ_PIN(6),
  OBJ_GET(7),
  PROG_TEST_RUN(10),
  RAW_TRACEPOINT_OPEN(17),
  MAP_GET_FD_BY_ID(14),
  OBJ_GET_INFO_BY_FD(15),
  BTF_GET_FD_BY_ID(19),
  BTF_LOAD(18),
  MAP_LOOKUP_AND_DELETE_ELEM(21),
  MAP_FREEZE(22),
  MAP_LOOKUP_BATCH(24),
  MAP_LOOKUP_AND_DELETE_BATCH(25),
  MAP_UPDATE_BATCH(26),
  MAP_DELETE_BATCH(27),
  LINK_CREATE(28),
  LINK_DETACH(34);

  private final int number;

  BpfCommand(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }
}
