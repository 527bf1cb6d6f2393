package io.bpf4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import io.bpf4j.processor.diag.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every message of {@link Messages} that user code can trigger: reported by javac as an ERROR, in
 * the right file, on the exact line of the offending statement (marked {@code // <-} in the sources
 * below), and with no {@code .bpf.o} written.
 */
class DiagnosticsTest {
  /** The marker of the line (or the acceptable lines) where the error must be reported. */
  private static final String MARK = "// <-";

  /** A program class {@code p.Prog}; {@code MEMBERS} is replaced by the test's class members. */
  private static final String TEMPLATE =
      """
      package p;

      import io.bpf4j.annotations.*;
      import io.bpf4j.lang.*;

      @License("GPL")
      public final class Prog {
        @Map(type = MapType.HASH, maxEntries = 16)
        static BpfMap<Integer, Counter> counters;

        @Struct
        public static final class Counter {
          @Atomic public long n;
          @Atomic public int hits;
          public int x;
        }

      MEMBERS
      }
      """;

  /** One source file and the lines marked with {@link #MARK}. */
  record Src(JavaFileObject file, String text, List<Integer> marked) {
    int line() {
      assertEquals(1, marked.size(), "exactly one line must be marked in\n" + numbered());
      return marked.get(0);
    }

    String numbered() {
      String[] lines = text.split("\n", -1);
      return IntStream.range(0, lines.length)
          .mapToObj(i -> String.format("%3d  %s", i + 1, lines[i]))
          .collect(Collectors.joining("\n"));
    }
  }

  /** {@code p.Prog} with {@code members} (a text block, indented into the class body). */
  static Src program(String members) {
    String indented =
        members.lines().map(l -> l.isEmpty() ? l : "  " + l).collect(Collectors.joining("\n"));
    return source("p.Prog", TEMPLATE.replace("MEMBERS", indented));
  }

  /** {@code p.Prog} with a socket program {@code f(SkBuff skb)} whose body is {@code body}. */
  static Src socket(String body) {
    return socket(body, "");
  }

  /** {@link #socket(String)} plus more class members. */
  static Src socket(String body, String members) {
    String indented =
        body.lines().map(l -> l.isEmpty() ? l : "  " + l).collect(Collectors.joining("\n"));
    return program(
        "@Section(\"socket\")\npublic static int f(SkBuff skb) {\n" + indented + "\n}\n" + members);
  }

  static Src source(String className, String text) {
    List<Integer> marked = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(MARK)) {
        marked.add(i + 1);
      }
    }
    return new Src(TestCompiler.source(className, text.split("\n", -1)), text, marked);
  }

  /**
   * Compiles {@code src} and checks: it failed, with exactly one error, {@code message} (kind
   * ERROR, in {@code src}'s file, on the marked line — or on one of the marked lines when several
   * are marked) and no object written.
   */
  static Compilation assertError(String message, Src src) {
    Compilation c = TestCompiler.javac().compile(src.file());
    String context =
        "\n--- diagnostics:\n"
            + TestCompiler.format(c.diagnostics())
            + "\n--- source:\n"
            + src.numbered();
    if (src.marked().size() == 1) {
      try {
        assertThat(c).failed();
        assertThat(c).hadErrorContaining(message).inFile(src.file()).onLine(src.line());
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + context, e);
      }
    } else {
      assertThat(c).failed();
      assertFalse(src.marked().isEmpty(), "no line marked" + context);
      boolean found =
          c.errors().stream()
              .anyMatch(
                  d ->
                      d.getKind() == Diagnostic.Kind.ERROR
                          && d.getMessage(Locale.ROOT).contains(message)
                          && d.getSource() != null
                          && d.getSource().toUri().equals(src.file().toUri())
                          && src.marked().contains((int) d.getLineNumber()));
      assertTrue(
          found, "expected error <" + message + "> on one of lines " + src.marked() + context);
    }
    assertEquals(1, c.errors().size(), "expected exactly one error" + context);
    assertNoObject(src, message.toLowerCase(Locale.ROOT), context);
    return c;
  }

  /** Like {@link #assertError} for a message that is not (yet) in {@link Messages}. */
  static Compilation assertErrorMentioning(String fragment, Src src) {
    Compilation c = TestCompiler.javac().compile(src.file());
    String context =
        "\n--- diagnostics:\n"
            + TestCompiler.format(c.diagnostics())
            + "\n--- source:\n"
            + src.numbered();
    assertThat(c).failed();
    boolean found =
        c.errors().stream()
            .anyMatch(
                d ->
                    d.getMessage(Locale.ROOT)
                            .toLowerCase(Locale.ROOT)
                            .contains(fragment.toLowerCase(Locale.ROOT))
                        && d.getSource() != null
                        && d.getSource().toUri().equals(src.file().toUri())
                        && d.getLineNumber() == src.line());
    assertTrue(
        found, "expected an error mentioning <" + fragment + "> on line " + src.line() + context);
    assertNoObject(src, fragment.toLowerCase(Locale.ROOT), context);
    return c;
  }

  /**
   * compile-testing keeps no generated files of a failed compilation, so the same source is
   * compiled again with the JDK's javac into a real directory: the error is reported there too, and
   * nothing but class files is written.
   */
  static void assertNoObject(Src src, String message, String context) {
    TestCompiler.Result r = TestCompiler.compile(List.of(src.file()));
    assertFalse(r.success(), "compilation succeeded\n" + r);
    assertTrue(
        r.errors().stream()
            .anyMatch(
                d ->
                    d.getMessage(Locale.ROOT).toLowerCase(Locale.ROOT).contains(message)
                        && d.getSource() != null
                        && TestCompiler.fileName(d.getSource()).equals("Prog.java")
                        && src.marked().contains((int) d.getLineNumber())),
        "error not reported with the JDK's javac either\n" + r + context);
    assertTrue(
        r.generated("p/Prog.bpf.o").isEmpty(), "an object was written despite the error" + context);
    assertTrue(
        r.generatedFiles().stream().noneMatch(f -> f.endsWith(".bpf.o")),
        "an object was written despite the error: " + r.generatedFiles() + context);
  }

  /** Compiles {@code sources}, expecting success with no error and the object of each class. */
  static Compilation assertCompiles(List<String> binaryNames, JavaFileObject... sources) {
    Compilation c = TestCompiler.javac().compile(sources);
    String context = "\n--- diagnostics:\n" + TestCompiler.format(c.diagnostics());
    if (c.status() != Compilation.Status.SUCCESS) {
      fail("compilation failed" + context);
    }
    for (String name : binaryNames) {
      int dot = name.lastIndexOf('.');
      Optional<JavaFileObject> object =
          c.generatedFile(
              StandardLocation.CLASS_OUTPUT,
              name.substring(0, dot),
              name.substring(dot + 1) + ".bpf.o");
      assertTrue(object.isPresent(), "no object for " + name + context);
    }
    return c;
  }

  // ---- floating point

  @Nested
  class FloatingPoint {
    @Test
    void floatLocal() {
      assertError(
          Messages.floatingPoint(),
          socket(
              """
              float ratio = skb.len(); // <-
              return (int) ratio;
              """));
    }

    @Test
    void doubleArithmetic() {
      assertError(
          Messages.floatingPoint(),
          socket(
              """
              long len = skb.len();
              long scaled = (long) (len * 1.5); // <-
              return (int) scaled;
              """));
    }

    @Test
    void floatLiteral() {
      assertError(
          Messages.floatingPoint(),
          socket(
              """
              int len = skb.len();
              float quarter = 0.25f; // <-
              return len;
              """));
    }

    @Test
    void helperReturningFloat() {
      assertError(
          Messages.floatingPoint(),
          socket(
              """
              int len = skb.len();
              return (int) half(len); // <-
              """,
              """
              static float half(int x) {
                return x / 2f;
              }
              """));
    }

    @Test
    void helperTakingDouble() {
      assertError(
          Messages.floatingPoint(),
          socket(
              """
              int len = skb.len();
              return twice(len); // <-
              """,
              """
              static int twice(double d) {
                return (int) (d * 2);
              }
              """));
    }
  }

  // ---- objects, exceptions, monitors, calls

  @Test
  void newOfNonStructClass() {
    assertError(
        Messages.newOfNonStruct("Plain"),
        socket(
            """
            int len = skb.len();
            Plain p = new Plain(); // <-
            return len;
            """,
            """
            static final class Plain {
              int a;
            }
            """));
  }

  @Test
  void newOfJdkClass() {
    assertError(
        Messages.newOfNonStruct("ArrayList"),
        socket(
            """
            int len = skb.len();
            java.util.List<Integer> list = new java.util.ArrayList<>(); // <-
            return len;
            """));
  }

  @Test
  void throwStatement() {
    assertError(
        Messages.exceptions(),
        socket(
            """
            if (skb.len() == 0) {
              throw new IllegalArgumentException("empty"); // <-
            }
            return 1;
            """));
  }

  @Test
  void tryCatch() {
    // On the try or on the catch, not on a statement inside or after them.
    assertError(
        Messages.exceptions(),
        socket(
            """
            int r;
            try { // <-
              r = 100 / skb.len();
            } catch (ArithmeticException e) { // <-
              r = 0;
            }
            return r;
            """));
  }

  @Test
  void synchronizedBlock() {
    assertError(
        Messages.monitors(),
        socket(
            """
            int r;
            synchronized (skb) { // <-
              r = skb.len();
            }
            return r;
            """));
  }

  @Test
  void synchronizedMethod() {
    // ACC_SYNCHRONIZED has no monitorenter in the bytecode; it must still be rejected, on the
    // method's declaration or its first line.
    assertError(
        Messages.monitors(),
        socket(
            """
            return locked(skb.len());
            """,
            """
            static synchronized int locked(int x) { // <-
              return x + 1; // <-
            }
            """));
  }

  @Test
  void virtualCallOnString() {
    assertError(
        Messages.virtualCall("String", "length"),
        socket(
            """
            int len = skb.len();
            int n = "abc".length(); // <-
            return len + n;
            """));
  }

  @Test
  void instanceMethodOfStruct() {
    assertError(
        Messages.virtualCall("Box", "twice"),
        socket(
            """
            Box b = new Box();
            b.v = skb.len();
            return (int) b.twice(); // <-
            """,
            """
            @Struct
            public static final class Box {
              public long v;

              long twice() {
                return v * 2;
              }
            }
            """));
  }

  @Test
  void staticMethodOfAnotherClass() {
    assertError(
        Messages.virtualCall("Math", "max"),
        socket(
            """
            int len = skb.len();
            return Math.max(len, 60); // <-
            """));
  }

  // ---- recursion

  @Test
  void directRecursionIsReportedAtTheRecursiveCall() {
    assertError(
        Messages.recursion("fact -> fact"),
        socket(
            """
            return fact(skb.len() & 7);
            """,
            """
            static int fact(int n) {
              if (n <= 1) {
                return 1;
              }
              return n * fact(n - 1); // <-
            }
            """));
  }

  @Test
  void mutualRecursionNamesTheCycle() {
    assertError(
        Messages.recursion("even -> odd -> even"),
        socket(
            """
            return even(skb.len() & 7);
            """,
            """
            static int even(int n) {
              return n == 0 ? 1 : odd(n - 1); // <-
            }

            static int odd(int n) {
              return n == 0 ? 0 : even(n - 1); // <-
            }
            """));
  }

  // ---- lambdas, strings

  @Test
  void lambda() {
    assertError(
        Messages.lambdas(),
        socket(
            """
            java.util.function.IntUnaryOperator inc = x -> x + 1; // <-
            return inc.applyAsInt(skb.len());
            """));
  }

  @Test
  void staticMethodReference() {
    assertError(
        Messages.lambdas(),
        socket(
            """
            java.util.function.IntUnaryOperator op = Prog::inc; // <-
            return op.applyAsInt(skb.len());
            """,
            """
            static int inc(int x) {
              return x + 1;
            }
            """));
  }

  @Test
  void boundMethodReference() {
    // javac null-checks the receiver with Objects.requireNonNull first; the error must still be
    // about the method reference, not about a call the user did not write.
    assertError(
        Messages.lambdas(),
        socket(
            """
            java.util.function.IntSupplier len = skb::len; // <-
            return len.getAsInt();
            """));
  }

  @Test
  void stringConcatenation() {
    assertError(
        Messages.nonConstantString(),
        socket(
            """
            int len = skb.len();
            Bpf.printk("len=" + len); // <-
            return 0;
            """));
  }

  @Test
  void stringChosenAtRunTime() {
    assertError(
        Messages.nonConstantString(),
        socket(
            """
            int len = skb.len();
            String fmt = len > 100 ? "big\\n" : "small\\n"; // <-
            Bpf.printk(fmt);
            return 0;
            """));
  }

  @Test
  void printkWithNullFormat() {
    assertError(
        Messages.nonConstantString(),
        socket(
            """
            int len = skb.len();
            Bpf.printk(null, len); // <-
            return 0;
            """));
  }

  @Test
  void printkWithFormatFromParameter() {
    // Either the call passing the literal or the printk using the parameter is the culprit.
    assertError(
        Messages.nonConstantString(),
        socket(
            """
            log("hello\\n"); // <-
            return 0;
            """,
            """
            static void log(String fmt) {
              Bpf.printk(fmt); // <-
            }
            """));
  }

  // ---- arrays

  @Test
  void arrayWithNonConstantLength() {
    assertErrorMentioning(
        "array",
        socket(
            """
            int len = skb.len();
            int[] buf = new int[len]; // <-
            buf[0] = 1;
            return buf[0];
            """));
  }

  @Test
  void arrayOfObjects() {
    assertErrorMentioning(
        "array",
        socket(
            """
            Counter[] all = new Counter[2]; // <-
            return all.length;
            """));
  }

  // ---- fields

  @Test
  void staticFieldWrite() {
    assertError(
        Messages.staticFieldWrite("seen"),
        socket(
            """
            int len = skb.len();
            seen = len; // <-
            return 0;
            """,
            """
            static int seen;
            """));
  }

  @Test
  void staticMapFieldWrite() {
    assertError(
        Messages.staticFieldWrite("counters"),
        socket(
            """
            int len = skb.len();
            counters = null; // <-
            return len;
            """));
  }

  @Test
  void staticNonMapFieldRead() {
    assertError(
        Messages.staticFieldRead("p.Prog.limit"),
        socket(
            """
            int len = skb.len();
            return len > limit ? 1 : 0; // <-
            """,
            """
            static int limit = 100;
            """));
  }

  @Test
  void staticFinalFieldThatIsNotAConstant() {
    assertError(
        Messages.staticFieldRead("p.Prog.LIMIT"),
        socket(
            """
            int len = skb.len();
            return len > LIMIT ? 1 : 0; // <-
            """,
            """
            static final Integer LIMIT = 100;
            """));
  }

  @Test
  void instanceFieldOfNonStruct() {
    assertError(
        Messages.instanceField("Plain", "a"),
        socket(
            """
            Plain p = null;
            int len = skb.len();
            return p.a + len; // <-
            """,
            """
            static final class Plain {
              int a;
            }
            """));
  }

  // ---- maps

  @Test
  void mapStoredInLocal() {
    assertError(
        Messages.mapInLocal(),
        socket(
            """
            int len = skb.len();
            BpfMap<Integer, Counter> m = counters; // <-
            return len;
            """));
  }

  @Test
  void mapPassedToMethod() {
    assertError(
        Messages.mapInLocal(),
        socket(
            """
            int len = skb.len();
            return len + size(counters); // <-
            """,
            """
            static int size(BpfMap<Integer, Counter> m) {
              return 0;
            }
            """));
  }

  // ---- @Atomic

  @ParameterizedTest
  @ValueSource(
      strings = {
        "long v = (c.n += 5);",
        "long v = c.n++;",
        "long v = ++c.n;",
        "long v = c.n--;",
        "long v = (c.n -= 2);",
        "long v = (c.n |= 2);",
        "long v = 1 + (c.n ^= 2);",
      })
  void atomicCompoundAssignmentWhoseValueIsUsed(String statement) {
    assertError(
        Messages.atomicResultUsed("n"),
        socket(
            """
            Counter c = counters.lookup(1);
            if (c == null) {
              return 0;
            }
            STATEMENT // <-
            return (int) v;
            """
                .replace("STATEMENT", statement)));
  }

  @Test
  void atomicIntCompoundAssignmentPassedToMethod() {
    assertError(
        Messages.atomicResultUsed("hits"),
        socket(
            """
            Counter c = counters.lookup(1);
            if (c == null) {
              return 0;
            }
            return id(c.hits += 1); // <-
            """,
            """
            static int id(int x) {
              return x;
            }
            """));
  }

  @ParameterizedTest
  @ValueSource(strings = {"c.n *= 2;", "c.n /= 2;", "c.n %= 3;", "c.n <<= 1;", "c.n >>= 1;"})
  void unsupportedAtomicOperation(String statement) {
    assertError(
        Messages.atomicUnsupportedOp("n"),
        socket(
            """
            Counter c = counters.lookup(1);
            if (c == null) {
              return 0;
            }
            STATEMENT // <-
            return 1;
            """
                .replace("STATEMENT", statement)));
  }

  // ---- @Section shapes (reported on the method or its parameter)

  @Test
  void sectionMethodNotStatic() {
    assertError(
        Messages.sectionMethodShape("g"),
        program(
            """
            @Section("socket")
            public int g(SkBuff skb) { // <-
              return 0;
            }
            """));
  }

  @Test
  void sectionMethodReturnsLong() {
    assertError(
        Messages.sectionMethodShape("g"),
        program(
            """
            @Section("socket")
            public static long g(SkBuff skb) { // <-
              return 0;
            }
            """));
  }

  @Test
  void sectionMethodWithTwoParameters() {
    assertError(
        Messages.sectionMethodShape("g"),
        program(
            """
            @Section("socket")
            public static int g(SkBuff skb, int x) { // <-
              return x;
            }
            """));
  }

  @Test
  void xdpContextInSocketSection() {
    assertError(
        Messages.contextMismatch("socket", "SkBuff", "XdpMd"),
        program(
            """
            @Section("socket")
            public static int g(XdpMd ctx) { // <-
              return 0;
            }
            """));
  }

  @Test
  void skBuffContextInXdpSection() {
    assertError(
        Messages.contextMismatch("xdp", "XdpMd", "SkBuff"),
        program(
            """
            @Section("xdp")
            public static int g(SkBuff skb) { // <-
              return 0;
            }
            """));
  }

  @Test
  void unknownSection() {
    assertError(
        Messages.unknownSection("sockets"),
        program(
            """
            @Section("sockets") // <-
            public static int g(SkBuff skb) { // <-
              return 0;
            }
            """));
  }

  // ---- @Map fields (reported on the field)

  @Test
  void mapFieldNotStatic() {
    assertError(
        Messages.mapFieldShape("notStatic"),
        socket(
            "return 0;",
            """
            @Map(type = MapType.HASH, maxEntries = 4)
            BpfMap<Integer, Long> notStatic; // <-
            """));
  }

  @Test
  void mapFieldOfWrongType() {
    assertError(
        Messages.mapFieldShape("wrongType"),
        socket(
            "return 0;",
            """
            @Map(type = MapType.HASH, maxEntries = 4)
            static java.util.Map<Integer, Long> wrongType; // <-
            """));
  }

  @Test
  void mapFieldOfPrimitiveType() {
    assertError(
        Messages.mapFieldShape("primitive"),
        socket(
            "return 0;",
            """
            @Map(type = MapType.ARRAY, maxEntries = 4)
            static int primitive; // <-
            """));
  }

  @Test
  void mapWithStringKey() {
    assertError(
        Messages.mapKeyValueType("badKey", "java.lang.String"),
        socket(
            "return 0;",
            """
            @Map(type = MapType.HASH, maxEntries = 4)
            static BpfMap<String, Long> badKey; // <-
            """));
  }

  @Test
  void mapWithObjectValue() {
    assertError(
        Messages.mapKeyValueType("badValue", "java.lang.Object"),
        socket(
            "return 0;",
            """
            @Map(type = MapType.HASH, maxEntries = 4)
            static BpfMap<Integer, Object> badValue; // <-
            """));
  }

  @Test
  void lpmTrieKeyWithoutPrefixLenFirst() {
    assertError(
        Messages.lpmTrieKey("trie", "its first field is I addr, not int prefixLen"),
        socket(
            "return 0;",
            """
            @Struct
            public static final class Key {
              public int addr;
              public int prefixLen;
            }
            @Map(type = MapType.LPM_TRIE, maxEntries = 4)
            static BpfMap<Key, Integer> trie; // <-
            """));
  }

  @Test
  void lpmTrieWithScalarKey() {
    assertErrorMentioning(
        "must be a @Struct whose first field is int prefixLen",
        socket(
            "return 0;",
            """
            @Map(type = MapType.LPM_TRIE, maxEntries = 4)
            static BpfMap<Long, Integer> trie; // <-
            """));
  }

  @Test
  void queueDeclaredAsBpfMap() {
    assertErrorMentioning(
        "declare it as BpfQueue<T>",
        socket(
            "return 0;",
            """
            @Map(type = MapType.QUEUE, maxEntries = 4)
            static BpfMap<Integer, Integer> q; // <-
            """));
  }

  @Test
  void stackWithQueueMapType() {
    assertErrorMentioning(
        "a BpfStack field needs @Map(type = MapType.STACK",
        socket(
            "return 0;",
            """
            @Map(type = MapType.QUEUE, maxEntries = 4)
            static BpfStack<Integer> s; // <-
            """));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void mapWithNonPositiveMaxEntries(int maxEntries) {
    assertErrorMentioning(
        "maxEntries must be positive",
        socket(
            "return 0;",
            """
            @Map(type = MapType.HASH, maxEntries = MAX)
            static BpfMap<Integer, Long> empty; // <-
            """
                .replace("MAX", Integer.toString(maxEntries))));
  }

  @Test
  void progArrayWithWrongMapType() {
    assertErrorMentioning(
        "PROG_ARRAY",
        socket(
            "return 0;",
            """
            @Map(type = MapType.HASH, maxEntries = 4)
            static ProgArray jumps; // <-
            """));
  }

  // ---- @Struct fields

  @Test
  void structWithFloatField() {
    assertError(
        Messages.structFieldType("Bad", "ratio"),
        socket(
            "return 0;",
            """
            @Struct
            public static final class Bad {
              public int ok;
              public float ratio; // <-
            }
            """));
  }

  @Test
  void structWithReferenceField() {
    assertError(
        Messages.structFieldType("Bad", "name"),
        socket(
            "return 0;",
            """
            @Struct
            public static final class Bad {
              public String name; // <-
            }
            """));
  }

  @Test
  void atomicShortField() {
    assertError(
        Messages.atomicFieldType("small"),
        socket(
            "return 0;",
            """
            @Struct
            public static final class Bad {
              @Atomic public short small; // <-
            }
            """));
  }

  // ---- @Helper

  @Test
  void helperNotNative() {
    assertError(
        Messages.helperShape("now"),
        socket(
            "return 0;",
            """
            @Helper(id = 5)
            static long now() { // <-
              return 0;
            }
            """));
  }

  @Test
  void helperNotStatic() {
    assertError(
        Messages.helperShape("now"),
        socket(
            "return 0;",
            """
            @Helper(id = 5)
            native long now(); // <-
            """));
  }

  @Test
  void helperWithSixArguments() {
    assertError(
        Messages.helperShape("six"),
        socket(
            "return 0;",
            """
            @Helper(id = 1)
            static native long six(int a, int b, int c, int d, int e, int f); // <-
            """));
  }

  // ---- other messages

  @Test
  void functionWithTooManyArguments() {
    assertError(
        Messages.tooManyArguments("six", 6),
        socket(
            """
            int len = skb.len();
            return six(len, 1, 2, 3, 4, 5);
            """,
            """
            static int six(int a, int b, int c, int d, int e, int g) { // <-
              return a + b + c + d + e + g; // <-
            }
            """));
  }

  @Test
  void stackTooLarge() {
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < 65; i++) {
      fields.append("  public long f").append(i).append(";\n");
    }
    assertErrorMentioning(
        "more than the kernel's 512",
        socket(
            """
            Big big = new Big(); // <-
            big.f0 = skb.len();
            return (int) big.f0;
            """,
            "@Struct\npublic static final class Big {\n" + fields + "}\n"));
  }

  @Test
  void instanceofIsRejected() {
    assertError(
        Messages.unsupportedInstruction("instanceof"),
        socket(
            """
            Object o = skb;
            return o instanceof SkBuff ? 1 : 0; // <-
            """));
  }

  @Test
  void classLiteralIsRejected() {
    assertError(
        Messages.unsupportedInstruction("a class literal"),
        socket(
            """
            Object type = Prog.class; // <-
            return skb.len();
            """));
  }

  @Test
  void structConstructorWithArguments() {
    assertErrorMentioning(
        "constructor with arguments",
        socket(
            """
            Pair pair = new Pair(skb.len()); // <-
            return (int) pair.a;
            """,
            """
            @Struct
            public static final class Pair {
              public long a;

              Pair(long a) {
                this.a = a;
              }
            }
            """));
  }

  @Test
  void returningAnObject() {
    assertErrorMentioning(
        "returning an object",
        socket(
            """
            Counter c = find();
            return c == null ? 0 : c.x;
            """,
            """
            static Counter find() {
              return counters.lookup(1); // <-
            }
            """));
  }

  @Test
  void infiniteLoop() {
    // The contract: loops the verifier cannot bound are a compile error on the loop's line.
    assertError(
        Messages.loopBound(),
        socket(
            """
            int n = skb.len();
            while (true) { // <-
              n++; // <-
            }
            """));
  }

  // ---- no crash, and what the contract (API.md section 1) promises compiles

  @Test
  void everySupportedConstructAtOnce() {
    Src src =
        source(
            "p.Everything",
            """
package p;

import io.bpf4j.annotations.*;
import io.bpf4j.lang.*;

@License("Dual BSD/GPL")
public final class Everything {
  static final int LIMIT = 8;
  static final long BIG = 1L << 30;
  static final String FMT = "acc=%d\\n";

  @Struct
  public static final class Key {
    public int ifindex;
    public short proto;
    public byte dir;
  }

  @Struct
  public static final class Stats {
    @Atomic public long packets;
    @Atomic public long bytes;
    @Atomic public int flags;
    public long last;
    public char c;
    public boolean seen;
    public byte b;
    public short s;
  }

  @Map(type = MapType.HASH, maxEntries = 64)
  static BpfMap<Key, Stats> stats;

  @Map(type = MapType.ARRAY, maxEntries = 4, name = "by_index")
  static BpfMap<Integer, Long> byIndex;

  @Map(type = MapType.PERCPU_HASH, maxEntries = 16, pinning = Pinning.BY_NAME)
  static BpfMap<Long, Integer> byLong;

  @Map(type = MapType.LRU_HASH, maxEntries = 16)
  static BpfMap<Integer, Integer> lru;

  @Map(type = MapType.PROG_ARRAY, maxEntries = 2)
  static ProgArray jumps;

  @Helper(id = 5)
  static native long ktime();

  static int clamp(int v, int lo, int hi) {
    return v < lo ? lo : v > hi ? hi : v;
  }

  static long mix(long a, int b) {
    return (a ^ (a >>> 33)) * 31 + b;
  }

  static void touch(Stats s, long now) {
    s.last = now;
    s.seen = true;
  }

  static boolean isSmall(int len) {
    return len < 64;
  }

  @Section("socket")
  public static int everything(SkBuff skb) {
    int len = skb.len();
    long acc = 0;
    byte b = (byte) len;
    short sh = (short) (len * 3);
    char ch = (char) (len + 'a');
    boolean odd = (len & 1) != 0;
    acc += b + sh + ch + (odd ? 1 : 0);
    acc = acc * 7 - (acc >> 2) + (acc << 3) + (acc >>> 1);
    int d = len == 0 ? 1 : len;
    acc += 1000 / d + 1000 % d - (-len) / 3 + (len >>> 2) + (len << (len & 3)) + (len >> 1);
    acc ^= ~acc & 0xff | 0x100;
    long l = acc / (d | 1) + acc % 7 + BIG + (long) len * len;
    int i = (int) l;
    i++;
    --i;
    i += 3;
    i -= 1;
    i *= 2;
    i <<= 1;
    i >>= 1;
    i >>>= 1;
    i |= 0x10;
    i &= 0xfff;
    i ^= 5;
    i /= 2;
    i %= 1000;
    for (int k = 0; k < LIMIT; k++) {
      if (k == 5) {
        break;
      }
      if ((k & 1) == 0) {
        continue;
      }
      acc += k;
    }
    int w = 0;
    while (w < 4) {
      w++;
    }
    do {
      w--;
    } while (w > 0);
    switch (len & 3) {
      case 0:
        acc += 1;
        break;
      case 1:
        acc += 2;
        // fall through
      case 2:
        acc += 3;
        break;
      default:
        acc -= 1;
    }
    switch (len) {
      case 10 -> acc += 10;
      case 1000 -> acc += 1000;
      case 100000 -> acc += 100000;
      default -> {}
    }
    if (acc > BIG && len != 0 || !odd) {
      acc = mix(acc, clamp(len, 0, 1500));
    }
    Key key = new Key();
    key.ifindex = skb.ifindex();
    key.proto = (short) Bpf.ntohs(skb.protocol());
    key.dir = (byte) (skb.ingressIfindex() == 0 ? 1 : 0);
    Stats s = stats.lookup(key);
    if (s == null) {
      Stats fresh = new Stats();
      fresh.packets = 1;
      fresh.bytes = len;
      fresh.c = 'x';
      fresh.b = (byte) -1;
      fresh.s = (short) -2;
      touch(fresh, ktime());
      stats.update(key, fresh, BpfMap.NOEXIST);
    } else {
      s.packets += 1;
      s.packets++;
      s.packets--;
      ++s.packets;
      s.bytes += len;
      s.bytes -= 1;
      s.flags |= 2;
      s.flags &= ~4;
      s.flags ^= 8;
      s.last = Bpf.ktimeGetNs();
      if (s.seen && s.c == 'x' && s.b < 0 && s.s < 0) {
        acc++;
      }
    }
    Long prev = byIndex.lookup(0);
    long p = prev == null ? 0 : prev;
    byIndex.update(0, p + len, BpfMap.ANY);
    byIndex.update(1, acc, BpfMap.EXIST);
    byLong.delete(Bpf.getCurrentPidTgid());
    Integer cnt = byLong.lookup(7L);
    if (cnt != null && cnt > 3) {
      acc--;
    }
    lru.update(len, i, BpfMap.ANY);
    int r = Bpf.getPrandomU32() ^ Bpf.getSmpProcessorId() ^ Bpf.getSocketUid(skb);
    long cookie = Bpf.getSocketCookie(skb);
    int swapped = Bpf.htonl(0x01020304) + Bpf.htons(0x0102) + Bpf.ntohl(r);
    Bpf.printk("hello\\n");
    Bpf.printk(FMT, acc);
    Bpf.printk("%d %d\\n", i, cookie);
    Bpf.printk(
        "%d %d %d\\n",
        swapped,
        skb.mark() + skb.cb(0) + skb.cb(4),
        skb.hash() + skb.pktType() + skb.queueMapping() + skb.vlanPresent()
            + skb.vlanTci() + skb.vlanProto() + skb.priority() + skb.tcIndex());
    int slot = isSmall(len) ? 0 : 1;
    jumps.tailCall(skb, slot);
    return odd ? 1 : 0;
  }

  @Section("xdp")
  public static int xdp(XdpMd ctx) {
    return ctx.rxQueueIndex() == 0 && ctx.ingressIfindex() > 0 ? Xdp.PASS : Xdp.DROP;
  }

  @Section("tc")
  public static int tc(SkBuff skb) {
    return skb.len() > 1500 ? Tc.ACT_SHOT : Tc.ACT_OK;
  }

  @Section("classifier")
  public static int classifier(SkBuff skb) {
    return Tc.ACT_OK;
  }

  @Section("tcx/ingress")
  public static int tcxIn(SkBuff skb) {
    return Tc.TCX_NEXT;
  }

  @Section("tcx/egress")
  public static int tcxOut(SkBuff skb) {
    return Tc.TCX_PASS;
  }

  @Section("cgroup_skb/ingress")
  public static int cgroupIn(SkBuff skb) {
    return 1;
  }

  @Section("cgroup_skb/egress")
  public static int cgroupOut(SkBuff skb) {
    return skb.len() > 0 ? 1 : 0;
  }

  private Everything() {}
}
""");
    assertCompiles(List.of("p.Everything"), src.file());
  }

  @Test
  void mapCallWithConditionalArgument() {
    // The map reference is on the operand stack while ?: branches: it is not stored anywhere.
    Src src =
        socket(
            """
            int len = skb.len();
            Counter c = counters.lookup(len > 100 ? 1 : 2);
            return c == null ? 0 : c.x;
            """);
    assertCompiles(List.of("p.Prog"), src.file());
  }

  @Test
  void tailCallWithConditionalIndex() {
    Src src =
        program(
            """
            @Map(type = MapType.PROG_ARRAY, maxEntries = 2)
            static ProgArray jumps;

            @Section("socket")
            public static int f(SkBuff skb) {
              jumps.tailCall(skb, skb.len() < 64 ? 0 : 1);
              return 0;
            }
            """);
    assertCompiles(List.of("p.Prog"), src.file());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a = a + (1L << 40);",
        "a = a * 0x123456789L;",
        "a = a & 0xffffffffL;",
        "a = a / 0x100000000L;",
        "a = a > (1L << 40) ? 1 : 0;",
        "a = a == 0x8000000000L ? 1 : 0;",
      })
  void longConstantWiderThan32Bits(String statement) {
    // BPF ALU and jump immediates are 32-bit: a wider constant must go through a register.
    Src src =
        socket(
            """
            long a = skb.len();
            STATEMENT
            return (int) a;
            """
                .replace("STATEMENT", statement));
    assertCompiles(List.of("p.Prog"), src.file());
  }

  @Test
  void nestedProgramClassGetsBinaryNamedObject() {
    Src src =
        source(
            "p.Outer",
            """
            package p;

            import io.bpf4j.annotations.*;
            import io.bpf4j.lang.*;

            public final class Outer {
              public static final class Inner {
                @Section("socket")
                public static int f(SkBuff skb) {
                  return skb.len();
                }
              }
            }
            """);
    assertCompiles(List.of("p.Outer$Inner"), src.file());
  }

  @Test
  void structDeclaredInAnotherFile() {
    Src pair =
        source(
            "p.Pair",
            """
            package p;

            import io.bpf4j.annotations.Struct;

            @Struct
            public final class Pair {
              public long a;
              public long b;
            }
            """);
    Src prog =
        source(
            "p.UsesPair",
            """
            package p;

            import io.bpf4j.annotations.*;
            import io.bpf4j.lang.*;

            public final class UsesPair {
              @Section("socket")
              public static int f(SkBuff skb) {
                Pair pair = new Pair();
                pair.a = skb.len();
                pair.b = skb.ifindex();
                return (int) (pair.a + pair.b);
              }
            }
            """);
    assertCompiles(List.of("p.UsesPair"), pair.file(), prog.file());
  }

  @Test
  void constantLengthPrimitiveArrayCompiles() {
    // API.md section 1: "arrays of primitives with a constant length (on the stack)".
    Src src =
        socket(
            """
            int[] a = new int[4];
            long[] b = new long[2];
            a[0] = skb.len();
            a[3] = 7;
            b[1] = a[0] + a[3];
            return a[0] + a[skb.len() & 3] + (int) b[1] + a.length;
            """);
    assertCompiles(List.of("p.Prog"), src.file());
  }

  @Test
  void packetReadsCompile() {
    // API.md section 1: SkBuff and XdpMd offer loadByte/loadHalf/loadWord.
    Src src =
        program(
            """
            @Section("socket")
            public static int f(SkBuff skb) {
              return skb.loadByte(23) + skb.loadHalf(12) + skb.loadWord(26);
            }

            @Section("xdp")
            public static int g(XdpMd ctx) {
              return ctx.loadByte(23) == 6 && ctx.length() > 40 ? Xdp.PASS : Xdp.DROP;
            }
            """);
    assertCompiles(List.of("p.Prog"), src.file());
  }

  @Test
  void ringBufOutputCompiles() {
    // API.md section 1: RingBuf<T>: boolean output(T value).
    Src src =
        program(
            """
            @Map(type = MapType.RINGBUF, maxEntries = 4096)
            static RingBuf<Counter> events;

            @Section("socket")
            public static int f(SkBuff skb) {
              Counter c = new Counter();
              c.x = skb.len();
              return events.output(c) ? 1 : 0;
            }
            """);
    assertCompiles(List.of("p.Prog"), src.file());
  }

  @Test
  void tailCallTargetCompiles() {
    // API.md section 1: @TailCallTarget(map, index) pre-fills a prog-array slot.
    Src src =
        program(
            """
            @Map(type = MapType.PROG_ARRAY, maxEntries = 2)
            static ProgArray jumps;

            @Section("socket")
            public static int f(SkBuff skb) {
              jumps.tailCall(skb, 1);
              return 0;
            }

            @Section("socket")
            @TailCallTarget(map = "jumps", index = 1)
            public static int g(SkBuff skb) {
              return skb.len();
            }
            """);
    assertCompiles(List.of("p.Prog"), src.file());
  }

  @Test
  void tailCallTargetNamingAMapThatIsNotAProgArray() {
    assertError(
        Messages.tailCallTarget("counters"),
        program(
            """
            @Section("socket")
            @TailCallTarget(map = "counters", index = 0) // <-
            public static int g(SkBuff skb) { // <-
              return skb.len();
            }
            """));
  }
}
