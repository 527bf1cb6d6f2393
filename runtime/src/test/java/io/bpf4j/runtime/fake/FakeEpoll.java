package io.bpf4j.runtime.fake;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** An epoll set of the fake kernel: each watched fd's tag and how to tell that it is readable. */
final class FakeEpoll extends KernelObject {
  record Watch(long tag, BooleanSupplier readable) {}

  final Map<Integer, Watch> watched = new LinkedHashMap<>();

  FakeEpoll(int id) {
    super(id, "[eventpoll]");
  }

  /** An eventfd of the fake kernel: readable once signalled. */
  static final class EventFd extends KernelObject {
    volatile boolean signalled;

    EventFd(int id) {
      super(id, "[eventfd]");
    }
  }
}
