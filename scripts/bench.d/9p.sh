#!/usr/bin/env bash
#   scripts/bench 9p [ROUNDS] [MiB]     sequential read of a host file (default 64 MiB) under QEMU through
#                                      honk's virtio-9p driver and 9P client, beside the Linux kernel's own
#                                      9p client (trans=virtio) on a second device over the same directory,
#                                      in the same guest, alternating; medians of ROUNDS (default 5), ratio.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
ROUNDS="${1:-5}"; MIB="${2:-64}"
[[ "$ROUNDS" =~ ^[1-9][0-9]?$ ]] || { echo "scripts/bench 9p: ROUNDS takes 1..99, got '$ROUNDS'" >&2; exit 2; }
[[ "$MIB" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "scripts/bench 9p: MiB takes 1..9999, got '$MIB'" >&2; exit 2; }
find_jdk; need_cmd mvn maven; need_cmd qemu-system-riscv64 qemu-system-misc; build_if_stale
"$HONK_ROOT/scripts/image" >&2
IMG="$HONK_CACHE/image"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/share"; head -c "$((MIB << 20))" /dev/urandom >"$WORK/share/big.bin"
mkfifo "$WORK/in"; OUT="$WORK/console.txt"
qemu-system-riscv64 -M virt -bios default -smp 4 -m 1G -nographic -no-reboot \
  -kernel "$IMG/vmlinuz" -initrd "$IMG/initrd.img" -append "$(cat "$IMG/cmdline")" \
  -fsdev "local,id=host,path=$WORK/share,security_model=none" -device virtio-9p-pci,fsdev=host,mount_tag=host,disable-legacy=on \
  -fsdev "local,id=kernel,path=$WORK/share,security_model=none" -device virtio-9p-pci,fsdev=kernel,mount_tag=kernel,disable-legacy=on \
  <"$WORK/in" >"$OUT" 2>&1 &
QPID=$!
exec 3>"$WORK/in"
wait_line() { # REGEX SECONDS
  for _ in $(seq "$2"); do grep -aqE -- "$1" "$OUT" && return 0; kill -0 "$QPID" 2>/dev/null || break; sleep 1; done
  echo "scripts/bench 9p: no /$1/ on the console within $2 s (transcript: $OUT)" >&2; tail -20 "$OUT" >&2; exit 1
}
wait_line "^honk: shell ready" 900
wait_line "honk: virtio-9p: " 600
printf 'p9bench big.bin kernel %s\n' "$ROUNDS" >&3
wait_line "p9bench: kernel round $ROUNDS: |^p9bench: " 1800
sleep 2
printf 'exit\n' >&3; exec 3>&-
for _ in $(seq 120); do kill -0 "$QPID" 2>/dev/null || break; sleep 1; done
kill -9 "$QPID" 2>/dev/null || true
grep -a '^p9bench' "$OUT" || true
echo "machine: $(nproc) cores, $(uname -m), QEMU $(qemu-system-riscv64 --version | head -1 | grep -oE '[0-9]+\.[0-9]+\.[0-9]+') under TCG, guest -smp 4 -m 1G; file ${MIB} MiB; msize $((128 * 1024)) both ways"
python3 - "$OUT" <<'PY'
import re, statistics, sys
rates = {"honk": [], "kernel": []}
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"p9bench: (honk|kernel) round \d+: \d+ bytes in \d+ ms = ([0-9.]+) MiB/s", line.strip())
    if m:
        rates[m.group(1)].append(float(m.group(2)))
if not rates["honk"] or not rates["kernel"]:
    sys.exit("scripts/bench 9p: no p9bench results on the console")
h, k = statistics.median(rates["honk"]), statistics.median(rates["kernel"])
print(f"honk virtio-9p (own driver + client): median {h:.1f} MiB/s over {len(rates['honk'])} reads")
print(f"Linux 9p (9pnet_virtio, trans=virtio): median {k:.1f} MiB/s over {len(rates['kernel'])} reads")
print(f"ratio honk/kernel: {h / k:.2f}")
PY
