/* clang-19 -O2 -g -target bpf -mcpu=v3 '-DAUTO_SECTION="uprobe/<path>:<symbol>"' -c uprobe_counter.c
 * Uprobe and uretprobe programs counting calls and returns per process; with AUTO_SECTION, a third
 * program whose section names its target, for BpfProgram.attach(). */
#include "attach_defs.h"

char LICENSE[] SEC("license") = "GPL";

COUNTS_BY_PID(calls);
COUNTS_BY_PID(returns);
COUNTS_BY_PID(auto_calls);

SEC("uprobe")
int count_calls(void *ctx) {
  count_for_current_process(&calls);
  return 0;
}

SEC("uretprobe")
int count_returns(void *ctx) {
  count_for_current_process(&returns);
  return 0;
}

#ifdef AUTO_SECTION
SEC(AUTO_SECTION)
int count_auto(void *ctx) {
  count_for_current_process(&auto_calls);
  return 0;
}
#endif
