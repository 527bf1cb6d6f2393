/**
 * The annotations that make a Java class a BPF program. They are retained at run time so that
 * bpf-testing's {@code BpfSimulator} can find a class's programs and maps by reflection; the
 * processor itself reads them from javac's elements.
 */
package io.bpf4j.annotations;
