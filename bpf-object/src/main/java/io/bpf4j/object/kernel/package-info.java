/**
 * The one vocabulary of kernel facts bpf4j uses: program types and their section names, contexts,
 * attach types, map types, helpers, errno names and the C layout rule. The processor, the runtime,
 * bpf-testing and the tests all read these tables; nothing else writes a kernel number down.
 */
package io.bpf4j.object.kernel;
