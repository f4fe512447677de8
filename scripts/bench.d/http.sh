#!/usr/bin/env bash
#   scripts/bench http [SECONDS] [RUNS] [CONNECTIONS] [PROCS]
#                                      wrk against GET /api/procs on the host board with PROCS live processes
#                                      (default 1000) while stress runs, beside a plain JDK HttpServer serving the
#                                      same bytes, same run: requests/s and p99 latency, medians of RUNS (default 3)
#                                      wrk runs of SECONDS (default 10) with CONNECTIONS connections (default 64).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
find_jdk
need_cmd mvn maven
need_cmd wrk wrk
CP="$(bench_classpath)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086 # HONK_BENCH_JAVA_OPTS: extra JVM options, e.g. a flight recording
"$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -Xms2g -Xmx2g \
  ${HONK_BENCH_JAVA_OPTS:-} -cp "$CP" honk.bench.HttpBench "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
