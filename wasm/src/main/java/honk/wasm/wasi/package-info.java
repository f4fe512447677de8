/**
 * honk's implementation of WASI preview 1 ({@code wasi_snapshot_preview1}): the host functions a
 * module links against, each gated by a grant taken from its process's capabilities (console,
 * files, clock, random, args, env). Nothing is granted by default.
 */
package honk.wasm.wasi;
