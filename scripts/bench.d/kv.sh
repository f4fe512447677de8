#!/usr/bin/env bash
#   scripts/bench kv [SECONDS] [RUNS] [RECOVERY_MIB] [WRITERS]
#                                      the KV store beside RocksDB (sync=true), same disk, same run: durable
#                                      puts/s at WRITERS concurrent writers (default 1,4,16,64), gets/s, and the
#                                      time to reopen a RECOVERY_MIB log (default 1024; 0 skips it); each run
#                                      SECONDS long (default 3), medians of RUNS (default 3). Files go to
#                                      $HONK_BENCH_DIR (default bench/target/kv) and are removed after.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
find_jdk
need_cmd mvn maven
CP="$(bench_classpath)"
DIR="${HONK_BENCH_DIR:-$HONK_ROOT/bench/target/kv}"
mkdir -p "$DIR"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "disk: $(df -T "$DIR" | awk 'NR==2{print $1" "$2}') at $DIR; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086 # HONK_BENCH_JAVA_OPTS: extra JVM options, e.g. a flight recording
"$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -Xms4g -Xmx4g \
  ${HONK_BENCH_JAVA_OPTS:-} -cp "$CP" honk.bench.KvBench "$DIR" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
