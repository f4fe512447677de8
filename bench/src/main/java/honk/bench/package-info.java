/**
 * Benchmarks that set honk beside a peer in the same run: the KV store beside RocksDB
 * ({@link honk.bench.KvBench}) and the HTTP inspection service beside a plain JDK HTTP server
 * ({@link honk.bench.HttpBench}). Reported by {@code scripts/bench}, never asserted. Host JVM only;
 * this module is never packed into the boot image.
 */
package honk.bench;
