package io.bpf4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

class ProbeTest {
  @Test
  void probe() {
    JavaFileObject src = TestCompiler.source("p.Ok",
        "package p;",
        "import io.bpf4j.annotations.*;",
        "import io.bpf4j.lang.*;",
        "public final class Ok {",
        "  @Section(\"socket\")",
        "  public static int f(SkBuff skb) {",
        "    return skb.len();",
        "  }",
        "}");
    Compilation c = TestCompiler.javac().compile(src);
    System.out.println("PROBE " + c.status() + " " + c.diagnostics());
    c.generatedFiles().forEach(f -> System.out.println("PROBE gen " + f.toUri()));
    System.out.println("PROBE " + c.generatedFile(StandardLocation.CLASS_OUTPUT, "p", "Ok.bpf.o"));
    TestCompiler.Result r = TestCompiler.compile(java.util.List.of(src));
    System.out.println("PROBE2 " + r + r.generatedFiles());
  }
}
