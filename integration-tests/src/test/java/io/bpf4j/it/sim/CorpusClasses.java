package io.bpf4j.it.sim;

import io.bpf4j.it.corpus.Corpus;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The corpus programs as JVM classes: {@link Corpus} compiles each one at test time into {@code
 * target/corpus/<Name>/}; this loads the class from there (in front of the test class path, which
 * provides bpf-annotations), so that the simulator runs the very bytecode the processor compiled.
 */
final class CorpusClasses {
  private static final Map<String, Class<?>> LOADED = new ConcurrentHashMap<>();

  private CorpusClasses() {}

  /** The class of corpus program {@code name} ({@code "Gcd"}, {@code "classic/Sockex1"}). */
  static Class<?> load(String name) {
    return LOADED.computeIfAbsent(name, CorpusClasses::compileAndLoad);
  }

  private static Class<?> compileAndLoad(String name) {
    Path object = Corpus.compile(name); // .../target/corpus/<name>/corpus/[classic/]<Simple>.bpf.o
    Path classesDir = Corpus.moduleDir().resolve("target/corpus/" + name);
    String binaryName = "corpus." + name.replace('/', '.');
    try {
      URLClassLoader loader =
          new URLClassLoader(
              new URL[] {classesDir.toUri().toURL()}, CorpusClasses.class.getClassLoader());
      Class<?> c = loader.loadClass(binaryName);
      if (!object.toString().endsWith(c.getSimpleName() + ".bpf.o")) {
        throw new AssertionError("corpus/" + name + " compiled to " + object);
      }
      return c;
    } catch (MalformedURLException | ClassNotFoundException e) {
      throw new AssertionError("cannot load " + binaryName + " from " + classesDir, e);
    }
  }
}
