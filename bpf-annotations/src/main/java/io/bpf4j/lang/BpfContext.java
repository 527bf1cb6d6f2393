package io.bpf4j.lang;

/** The context a program receives in r1: a packet ({@link SkBuff}, {@link XdpMd}) or an event. */
public interface BpfContext {}
