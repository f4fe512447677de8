# Shared by scripts/run, scripts/test and scripts/bench: find a JDK 25 and Maven, build honk when stale.
# Sourced, not run.

HONK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HONK_CACHE="${HONK_CACHE:-$HOME/.cache/honk}"

# java_major JAVA: the feature version of a java binary (e.g. 25), or 0.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -1
}

# find_jdk: sets JAVA_HOME to a JDK 25+ (JAVA_HOME if it qualifies, else /usr/lib/jvm/*25*), or explains what to install.
find_jdk() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" && "$(java_major "$JAVA_HOME/bin/java")" -ge 25 ]]; then
    export JAVA_HOME; return 0
  fi
  local d
  for d in /usr/lib/jvm/*25*; do
    if [[ -x "$d/bin/javac" && "$(java_major "$d/bin/java")" -ge 25 ]]; then
      export JAVA_HOME="$d"; return 0
    fi
  done
  echo "honk: no JDK 25 found (JAVA_HOME is '${JAVA_HOME:-unset}', nothing in /usr/lib/jvm/*25*)." >&2
  echo "honk: install one, e.g. 'apt-get install openjdk-25-jdk-headless' or Temurin 25, then set JAVA_HOME." >&2
  exit 1
}

# need_cmd CMD PACKAGE: installs PACKAGE with apt-get when CMD is missing and we are root; else says how.
need_cmd() {
  command -v "$1" >/dev/null 2>&1 && return 0
  apt_install "$2" "'$1'"
}

# apt_install PACKAGE WHAT: installs PACKAGE with apt-get as root; otherwise says that WHAT is missing and how to get it.
apt_install() {
  if [[ "$(id -u)" == 0 ]]; then
    echo "honk: installing $1 (for $2) ..." >&2
    if [[ -z "${HONK_APT_UPDATED:-}" ]]; then apt-get update -qq >&2; export HONK_APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >&2
  else
    echo "honk: $2 is missing; run: sudo apt-get install $1" >&2
    exit 1
  fi
}

# need_wasm_toolchain: what the build needs to compile honk's WebAssembly modules from source:
# clang for wasm32-wasi with lld, wasi-libc and the wasm32 compiler-rt builtins, and wabt's wat2wasm.
need_wasm_toolchain() {
  need_cmd clang clang
  need_cmd wasm-ld lld
  need_cmd wat2wasm wabt
  need_file /usr/lib/wasm32-wasi/libc.a wasi-libc
  need_file "$(ls -d /usr/lib/llvm-*/lib/clang/*/lib/wasi 2>/dev/null | head -1)/libclang_rt.builtins-wasm32.a" libclang-rt-14-dev-wasm32
}

# need_file FILE PACKAGE: installs PACKAGE when FILE is missing (a library, not a command), as need_cmd does.
need_file() {
  [[ -e "$1" ]] && return 0
  apt_install "$2" "$1"
}

mvn_q() {
  MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q "$@"
}

# The build that scripts/run and scripts/bench start for a stale tree: no tests, and no style checks
# (a formatting slip must not keep honk from booting; scripts/test and mvn validate enforce them).
mvn_build() {
  mvn_q install -DskipTests -Dspotless.check.skip=true -Dcheckstyle.skip=true
}

HONK_JAR="$HONK_ROOT/board-virt/target/honk-board-virt-0.1.0.jar"

# build_if_stale: packages honk (no tests) when any source or pom is newer than the board jar.
build_if_stale() {
  if [[ ! -f "$HONK_JAR" ]] || [[ -n "$(find "$HONK_ROOT" -path "$HONK_ROOT/.git" -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' -o -name '*.c' -o -name '*.h' -o -name '*.wat' \) -newer "$HONK_JAR" -print -quit)" ]]; then
    echo "honk: building ..." >&2
    (cd "$HONK_ROOT" && mvn_build) </dev/null >&2 # not the caller's stdin: it may be a piped session
  fi
}

honk_classpath() {
  echo "$HONK_JAR:$HONK_ROOT/board-virt/target/lib/*"
}

# host_core DIR: the signed core for the host board in DIR (core.img, core.pub), as scripts/image
# builds it for the boot image: core/ plus the WebAssembly modules under /bin, signed with the
# development key (or HONK_CORE_KEY). Rebuilt only when an input changed.
host_core() {
  local dir="$1" key="${HONK_CORE_KEY:-$HONK_ROOT/keys/development-core.key}" stage stamp
  local pub="${key%.key}.pub"
  [[ -f "$key" && -f "$pub" ]] || { echo "honk: core signing key $key (and $pub) not found" >&2; return 1; }
  ls "$HONK_ROOT/wasm/target/modules/bin/"*.wasm >/dev/null 2>&1 || { echo "honk: no WebAssembly modules built" >&2; return 1; }
  stamp="$( (cd "$HONK_ROOT" && find core wasm/target/modules/bin -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum;
             git -C "$HONK_ROOT" rev-list --count HEAD 2>/dev/null; sha256sum "$key" "$pub") | sha256sum | cut -c1-16)"
  [[ -f "$dir/core.img" && "$(cat "$dir/stamp" 2>/dev/null)" == "$stamp" ]] && return 0
  mkdir -p "$dir"
  stage="$(mktemp -d)"
  cp -a "$HONK_ROOT/core/." "$stage/" && mkdir -p "$stage/bin" && cp -p "$HONK_ROOT/wasm/target/modules/bin/"*.wasm "$stage/bin/"
  "$JAVA_HOME/bin/java" -cp "$(honk_classpath)" honk.storage.core.MkImage mkimage "$key" \
    "$(git -C "$HONK_ROOT" rev-list --count HEAD 2>/dev/null || date +%s)" "$stage" "$dir/core.img" >/dev/null ||
    { rm -rf "$stage"; echo "honk: could not build the host board's core image" >&2; return 1; }
  rm -rf "$stage"
  cp "$pub" "$dir/core.pub" && echo "$stamp" >"$dir/stamp"
}

HONK_JVM_FLAGS=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto)

BENCH_JAR="$HONK_ROOT/bench/target/honk-bench-0.1.0.jar"

# bench_classpath: the classpath of the benchmarks beside their peers (module bench/, never in the boot image).
bench_classpath() {
  build_if_stale
  if [[ ! -f "$BENCH_JAR" ]]; then
    echo "honk: building ..." >&2
    (cd "$HONK_ROOT" && mvn_build) </dev/null >&2 # not the caller's stdin: it may be a piped session
  fi
  echo "$BENCH_JAR:$HONK_ROOT/bench/target/lib/*"
}
