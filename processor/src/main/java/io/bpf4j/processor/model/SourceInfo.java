package io.bpf4j.processor.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the processor knows of a class's source file: its name (for line_info) and the text of each
 * line (line_info's source text is the Java line).
 */
public record SourceInfo(String fileName, Map<Integer, String> lines) {
  public static SourceInfo of(String fileName, CharSequence text) {
    Map<Integer, String> lines = new TreeMap<>();
    String[] split = text.toString().split("\r\n|\r|\n", -1);
    for (int i = 0; i < split.length; i++) {
      lines.put(i + 1, split[i].strip());
    }
    return new SourceInfo(fileName, lines);
  }

  public String line(int line) {
    return lines.getOrDefault(line, "");
  }
}
