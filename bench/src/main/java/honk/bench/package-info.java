/**
 * Benchmarks that set honk beside a peer in the same run: the process model beside Erlang/OTP
 * ({@link honk.bench.KernelBench}), the KV store beside RocksDB ({@link honk.bench.KvBench}), the
 * HTTP inspection service beside a plain JDK HTTP server ({@link honk.bench.HttpBench}) and Chicory
 * beside Node's V8 ({@link honk.bench.WasmBench}). Reported by {@code scripts/bench}, never
 * asserted. Host JVM only; this module is never packed into the boot image.
 */
package honk.bench;
