#!/usr/bin/env bash
# QEMU smoke suite: boots the real image on the riscv64 virt board, drives the shell over the serial
# console, asserts what it prints and how QEMU exits. Each boot serves many checks; a watchdog kills
# a hung guest by PID (QEMU ignores SIGALRM).
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/check.sh"
source "$HERE/../lib.sh"
WORK="$(mktemp -d)"
BOOT_TIMEOUT="${HONK_SMOKE_BOOT_TIMEOUT:-600}"   # seconds from QEMU start to the prompt, under TCG

"$HONK_ROOT/scripts/image" || { echo "qemu smoke: the boot image could not be built"; echo "qemu smoke: 0 passed, 1 failed"; exit 1; }
IMG="$HONK_CACHE/image"

# boot NAME SMP MEM: starts QEMU with its console on a FIFO (in) and a file (out).
boot() {
  NAME="$1"; OUT="$WORK/$1.txt"; IN="$WORK/$1.in"
  mkfifo "$IN"
  qemu-system-riscv64 -M virt -bios default -smp "$2" -m "$3" -nographic -no-reboot \
    -kernel "$IMG/vmlinuz" -initrd "$IMG/initrd.cpio" -append "$(cat "$IMG/cmdline")" \
    -device pvpanic-pci -action panic=exit-failure <"$IN" >"$OUT" 2>&1 &
  QPID=$!
  exec 3>"$IN"
  # The watchdog holds none of our output, so a pipe reading this script closes when it ends.
  ( sleep "$((BOOT_TIMEOUT + 600))"; kill -9 "$QPID" ) >/dev/null 2>&1 </dev/null & WATCHDOG=$!
  START=$(date +%s)
}

# wait_for REGEX SECONDS: true once the console shows a line matching REGEX.
wait_for() {
  local deadline=$(( $(date +%s) + $2 ))
  while (( $(date +%s) < deadline )); do
    grep -aEq -- "$1" "$OUT" && return 0
    kill -0 "$QPID" 2>/dev/null || { grep -aEq -- "$1" "$OUT"; return; }
    sleep 1
  done
  return 1
}

# cmd LINE REGEX [SECONDS]: types LINE at the prompt and waits for REGEX.
cmd() {
  printf '%s\n' "$1" >&3
  wait_for "$2" "${3:-120}" || echo "  (no /$2/ within ${3:-120}s after '$1')"
}

# finish: closes the console and waits for QEMU's exit status (into RC).
finish() {
  exec 3>&-
  local deadline=$(( $(date +%s) + 300 ))
  while kill -0 "$QPID" 2>/dev/null && (( $(date +%s) < deadline )); do sleep 1; done
  kill -9 "$QPID" 2>/dev/null
  wait "$QPID"; RC=$?
  pkill -P "$WATCHDOG" sleep 2>/dev/null; kill "$WATCHDOG" 2>/dev/null
  echo "  ($NAME: transcript $OUT)"
}

echo "qemu smoke: boot 1 (-smp 2 -m 1G): the foundation commands, then exit"
boot main 2 1G
if wait_for "^honk: shell ready" "$BOOT_TIMEOUT"; then
  echo "  (prompt after $(( $(date +%s) - START )) s)"
  cmd "harts" "^harts: 2 online"
  cmd "run crasher --restart=on-failure" "run: started crasher as pid [0-9]+"
  cmd 'send $! boom' "sent to pid [0-9]+"
  sleep 5
  cmd "ps" "crasher +native +running +on-failure +1 "
  cmd "run idle" "run: started idle as pid [0-9]+"
  cmd 'kill $!' "killed pid [0-9]+ \(idle\)"
  cmd "crash" "the kernel survived" 
  cmd "fault console" "fault: console crashed and was restarted"
  cmd "echo still-here" "^still-here"
  cmd "stress 2000" "^stress: 2000 processes ran on 2/2 harts \[0 1\]" 600
  cmd "tree" "└─ procs "
  cmd "log 5" "#[0-9]+ "
  cmd "reap" "^reaped [0-9]+ process"
  cmd "exit" "honk: halted \(status 0\)"
fi
finish
expect "boot line" '^honk: boot ok board=virt harts=2 mem=[0-9]+M' "$OUT"
expect "modules loaded" '^honk: modules: [0-9]+/[0-9]+ loaded' "$OUT"
expect "SMP on every hart" '^honk: SMP OK - processes ran on 2/2 harts \[0 1\]' "$OUT"
expect "shell ready" "^honk: shell ready \(type 'help'\)" "$OUT"
expect "prompt" '^honk> ' "$OUT"
expect "harts" '^harts: 2 online; dispatcher parallelism 2' "$OUT"
expect "crasher restarted after boom" 'crasher +native +running +on-failure +1 ' "$OUT"
expect "kill" 'killed pid [0-9]+ \(idle\)' "$OUT"
expect "crash contained" 'crashed \(IllegalStateException: crash requested from the shell\); the kernel survived' "$OUT"
expect "fault console" 'fault: console crashed and was restarted by its supervisor' "$OUT"
expect "shell alive after fault" '^still-here' "$OUT"
expect "stress on every hart" '^stress: 2000 processes ran on 2/2 harts \[0 1\]' "$OUT"
expect "tree" '└─ procs ' "$OUT"
expect "reap" '^reaped [0-9]+ process' "$OUT"
expect "exit halts" 'honk: halted \(status 0\)' "$OUT"
expect_eq "exit powers off: QEMU exit 0" 0 "$RC"

echo "qemu smoke: boot 2 (-smp 1 -m 512M): a kernel panic powers off non-zero"
boot panic 1 512M
if wait_for "^honk: shell ready" "$BOOT_TIMEOUT"; then
  cmd "panic smoke-test" "honk: kernel panic: panic requested: smoke-test"
fi
finish
expect "boot at -smp 1 -m 512M" '^honk: boot ok board=virt harts=1 mem=[0-9]+M' "$OUT"
expect "SMP at one hart" '^honk: SMP OK - processes ran on 1/1 harts \[0\]' "$OUT"
expect "panic prints its cause" 'honk: kernel panic: panic requested: smoke-test' "$OUT"
if [[ "$RC" != 0 ]]; then PASSED=$((PASSED + 1)); echo "  ok   panic powers off: QEMU exit $RC"
else FAILED=$((FAILED + 1)); echo "  FAIL panic powers off: QEMU exited 0"; fi

summary "qemu smoke"
