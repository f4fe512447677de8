#!/usr/bin/env bash
# build-modules.sh OUT: compiles the WebAssembly modules from source. The shipped ones
# (src/main/c/*.c with clang --target=wasm32-wasi and wasi-libc, src/main/wat/*.wat with wat2wasm)
# go to OUT/bin, the test modules (src/test/c, src/test/wat) to OUT/test. Run by the Maven build
# (generate-resources); a module is rebuilt only when its sources are newer. Needs Debian's
# clang, lld, wasi-libc, libclang-rt-14-dev-wasm32 and wabt (scripts/lib.sh installs them).
set -euo pipefail
cd "$(dirname "$0")"
out=${1:-target/modules}
mkdir -p "$out/bin" "$out/test"

missing() {
    echo "wasm/build-modules.sh: $1 is missing; install it: apt-get install -y clang lld wasi-libc libclang-rt-14-dev-wasm32 wabt" >&2
    exit 1
}
command -v wat2wasm >/dev/null || missing wat2wasm
command -v clang >/dev/null || missing clang

newer() { # newer TARGET SOURCES...: whether TARGET is missing or older than a source
    local t=$1; shift
    [ -e "$t" ] || return 0
    for s in "$@"; do [ "$s" -nt "$t" ] && return 0; done
    return 1
}

build_dir() { # build_dir SRC_DIR OUT_DIR
    local f
    for f in "$1"/wat/*.wat; do
        [ -e "$f" ] || continue
        local t="$2/$(basename "$f" .wat).wasm"
        if newer "$t" "$f"; then wat2wasm "$f" -o "$t"; fi
    done
    for f in "$1"/c/*.c; do
        [ -e "$f" ] || continue
        local t="$2/$(basename "$f" .c).wasm"
        if newer "$t" "$f" "$1"/c/*.h src/main/c/*.h; then
            clang --target=wasm32-wasi -O2 -Wall -Werror -s -I src/main/c -o "$t" "$f" ||
                missing "a working wasm32-wasi toolchain (clang, lld, wasi-libc, libclang-rt-14-dev-wasm32)"
        fi
    done
}
build_dir src/main "$out/bin"
build_dir src/test "$out/test"
