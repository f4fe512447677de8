/**
 * The WebAssembly tier: untrusted modules as honk processes of kind {@code wasm}, run by Chicory
 * (its bytecode compiler, the interpreter as the fallback) on a thread each, linked against honk's
 * own WASI preview 1 ({@link honk.wasm.wasi}), which grants a module exactly its process's
 * capabilities. Pure Java; runs on the host JVM, in tests and on the virt board.
 */
package honk.wasm;
