package io.bpf4j.processor.frontend;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls between a class's static methods (by name + descriptor), inlined or not, as translation
 * finds them, with the line of each first call; and the methods being translated right now (the
 * compiled one, then the ones being inlined into it), whose innermost is the caller of what is
 * found next. The recursion and helper-permission checks read it.
 */
public final class CallGraph {
  private final Map<String, List<String>> calls = new LinkedHashMap<>();
  private final Map<String, Integer> callLines = new LinkedHashMap<>();
  private final Deque<String> translating = new ArrayDeque<>();

  /** Records a call of {@code callee} by the method being translated, on {@code line}. */
  public void record(String callee, int line) {
    String caller = caller();
    calls.computeIfAbsent(caller, k -> new ArrayList<>()).add(callee);
    callLines.putIfAbsent(caller + "->" + callee, line);
  }

  /** The methods each method calls, in the order of the calls; callers in order of first call. */
  public Map<String, List<String>> calls() {
    return Collections.unmodifiableMap(calls);
  }

  /** The line of the first call of {@code callee} by {@code caller}, or 0. */
  public int line(String caller, String callee) {
    return callLines.getOrDefault(caller + "->" + callee, 0);
  }

  /** Starts translating {@code key} (compiled, or inlined into the current method). */
  public void enter(String key) {
    translating.push(key);
  }

  /** Ends translating the innermost method. */
  public void leave() {
    translating.pop();
  }

  /** The innermost method being translated. */
  public String caller() {
    return translating.peek();
  }

  /** Whether {@code key} is being translated (compiled, or inlined on the way here). */
  public boolean isTranslating(String key) {
    return translating.contains(key);
  }

  /** How many methods are being inlined into the compiled one right now. */
  public int inliningDepth() {
    return Math.max(0, translating.size() - 1);
  }
}
