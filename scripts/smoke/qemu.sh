#!/usr/bin/env bash
# QEMU smoke suite: boots the real image on the riscv64 virt board, drives the shell over the serial
# console, asserts what it prints and how QEMU exits. Each boot serves many checks: each typed line
# waits for its answer (check.sh's check), never for a sleep. A watchdog kills a hung guest by PID
# (QEMU ignores SIGALRM).
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/check.sh"
source "$HERE/../lib.sh"
need_cmd curl curl
find_jdk
WORK="$(mktemp -d)"
BOOT_TIMEOUT="${HONK_SMOKE_BOOT_TIMEOUT:-600}"   # seconds from QEMU start to the prompt, under TCG

"$HONK_ROOT/scripts/image" || { echo "qemu smoke: the boot image could not be built"; echo "qemu smoke: 0 passed, 1 failed"; exit 1; }
IMG="$HONK_CACHE/image"

# boot NAME SMP MEM [QEMU ARGS...]: starts QEMU with its console on a FIFO (in) and a file (out).
boot() {
  NAME="$1"; OUT="$WORK/$1.txt"; IN="$WORK/$1.in"
  mkfifo "$IN"
  qemu-system-riscv64 -M virt -bios default -smp "$2" -m "$3" -nographic -no-reboot \
    -kernel "$IMG/vmlinuz" -initrd "$IMG/initrd.img" -append "$(cat "$IMG/cmdline")" \
    -device pvpanic-pci -action panic=exit-failure "${@:4}" <"$IN" >"$OUT" 2>&1 &
  QPID=$!; CONSOLE_PID=$QPID
  exec 3>"$IN"
  # The watchdog holds none of our output, so a pipe reading this script closes when it ends.
  ( sleep "$((BOOT_TIMEOUT + 600))"; kill -9 "$QPID" ) >/dev/null 2>&1 </dev/null & WATCHDOG=$!
  START=$(date +%s)
}

# ready: the shell's prompt, counted as a check. Without it QEMU is stopped, so that the boot's
# checks fail at once rather than each after its timeout.
ready() {
  if check_log "shell ready" "^honk: shell ready \(type 'help'\)" "$BOOT_TIMEOUT"; then
    echo "  (prompt after $(( $(date +%s) - START )) s)"
  else
    kill -9 "$QPID" 2>/dev/null
  fi
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

echo "qemu smoke: boot 1 (-smp 2 -m 1G, an NVMe and a virtio-blk disk, virtio-rng, a 9p share): every foundation command, the line editor, devices, blk, honk's virtio drivers, then exit"
# Fresh (all-zero) disk images: blk test writes its pattern over the NVMe disk's last MiB, checked below from the host side.
NVME_IMG="$WORK/nvme.img"; VIRTIO_IMG="$WORK/virtio.img"
HTTP_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
truncate -s 64M "$NVME_IMG"; truncate -s 32M "$VIRTIO_IMG"
# honk's own virtio drivers (over uio): an entropy device, and a share holding a top-level and a nested file.
SHARE="$WORK/share"; mkdir -p "$SHARE/nested"; echo "top level from the host" >"$SHARE/top.txt"
echo "nested from the host" >"$SHARE/nested/inner.txt"
UIO_DEVICES=(-device virtio-rng-pci,disable-legacy=on -fsdev "local,id=host,path=$SHARE,security_model=none"
             -device virtio-9p-pci,fsdev=host,mount_tag=host,disable-legacy=on)
boot main 2 1G -drive "file=$NVME_IMG,format=raw,if=none,id=nvm" -device nvme,serial=honk0,drive=nvm \
  -drive "file=$VIRTIO_IMG,format=raw,if=virtio" -netdev "user,id=net0,hostfwd=tcp:127.0.0.1:$HTTP_PORT-:80" -device virtio-net-pci,netdev=net0,romfile= \
  "${UIO_DEVICES[@]}"
ready
check "harts" "harts" '^harts: 2 online; dispatcher parallelism 2'
check "run: the crasher starts" "run crasher --restart=on-failure" "run: started crasher as pid [0-9]+"
check "send: boom reaches the crasher" 'send $! boom' "sent to pid [0-9]+"
check_until "send: crasher restarted after boom" "ps" "crasher +native +running +on-failure +1 "
check "run: idle starts" "run idle" "run: started idle as pid [0-9]+"
check "kill" 'kill $!' 'killed pid [0-9]+ \(idle\)'
check "crash contained" "crash" 'crashed \(IllegalStateException: crash requested from the shell\); the kernel survived'
check "fault console" "fault console" 'fault: console crashed and was restarted by its supervisor'
check "shell alive after fault console" "echo still-here" '^still-here'
check "fault shell" "fault shell" '^shell: restarted by its supervisor'
check "shell answers after fault shell" "echo shell-back" '^shell-back'
# The line editor on the serial console: Left inserts mid-line, Up recalls the last line.
press 'echo helo\033[Dl\r'
check_out "line editor: Left then insert" '^hello' 60
press '\033[A\r'
check_out "line editor: Up recalls the last line" '^hello' 60
check "stress on every hart" "stress 2000" '^stress: 2000 processes ran on 2/2 harts \[0 1\]' 600
check "tree" "tree" '└─ procs '
check "log shows the crash" "log 50" 'pid [0-9]+ crash crashed: IllegalStateException'
check "reap" "reap" '^reaped [0-9]+ process'
check "devices: the UART on the device tree" "devices" '^dt +10000000 +serial +ns16550a'
check_out "devices: pvpanic on PCI" '^pci +0000:00:[0-9a-f.]+ +pvpanic +1b36:0011'
check_out "devices: the NVMe controller on PCI" '^pci +0000:00:[0-9a-f.]+ +nvme +1b36:0010'
# the modules the devices ask for (by modalias), none failed: NVMe and virtio-blk here, no GPU stack
check_log "modules loaded after the prompt, as the devices ask" 'honk: modules: [0-9]+ loaded \([a-z0-9_ ]*\bvirtio_blk\b[a-z0-9_ ]*\bnvme\b[a-z0-9_ ]*\) of [0-9]+ for this machine.s devices in [0-9]+ ms' 300
expect_not "no GPU modules without a GPU" 'honk: modules: .*\bdrm\b' "$OUT"
# every service and driver up (or given up) after the prompt, announced once
check_log "ready: announced after the prompt" 'honk: ready in [0-9.]+ s: ' 300
for item in smp kv core http modules "block devices" network virtio-rng virtio-9p; do
  expect "ready: $item is up" "honk: ready in [0-9.]+ s: (.*, )?$item([^a-z0-9-]|\$)" "$OUT"
done
expect_not "ready: nothing given up" 'honk: ready in .*not up' "$OUT"
check "blk: the NVMe namespace is primary" "blk" '^nvme0n1 +NVMe +64\.0 MiB +512 +primary +/dev/nvme0n1'
check_out "blk: the virtio-blk disk is listed" '^vda +virtio-blk +32\.0 MiB +512 +- +/dev/vda'
check "blk test passes on the NVMe disk" "blk test" '^blk test: OK nvme0n1: 1\.0 MiB at blocks 129024\.\.131071 \(the last MiB\)' 300
check_out "blk test went through O_DIRECT" '^blk test: device /dev/nvme0n1 \(NVMe, 64\.0 MiB, 512-byte blocks, O_DIRECT\)'
check_log "core: the shipped image is installed on the blank disk" 'honk: core: installed version [0-9]+ into slot A'
check_log "core: booted from slot A, verified" 'honk: core: slot A, version [0-9]+, [0-9]+ files, signature and Merkle root verified'
check_log "net: honk brought eth0 up with QEMU's user-network address" 'honk: net: eth0 52:54:00:12:34:56 up, 10\.0\.2\.15/24 via 10\.0\.2\.2; lo up'
# HTTP from the host through QEMU's port forward: honk's TCP/IP configuration, end to end.
wait_for "http: (serving|listening)" 180 || echo "  (no http line)"
API="http://127.0.0.1:$HTTP_PORT"
curl -s -m 60 "$API/api/system" > "$WORK/system.json" 2>&1 || true
curl -s -m 60 -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -d '{"program":"idle"}' "$API/api/procs" > "$WORK/post-no-token.txt" 2>&1 || true
TOKEN=$(grep -aoE 'http: token [A-Za-z0-9_-]+' "$OUT" | head -1 | awk '{print $3}')
curl -s -m 60 -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"program":"ticker","args":["60000"]}' "$API/api/procs" > "$WORK/post.json" 2>&1 || true
check "http: the spawned process shows in ps" "ps" 'ticker +native +running' 60
for what in procs tree; do curl -s -m 60 "$API/api/$what" > "$WORK/$what.json" 2>&1 || true; done
curl -s -m 60 "$API/metrics" > "$WORK/metrics.txt" 2>&1 || true
HTTP_PID=$(grep -oE '"pid" *: *[0-9]+' "$WORK/post.json" | grep -oE '[0-9]+$' || echo 0)
curl -s -m 60 -o /dev/null -w '%{http_code}' -X DELETE -H "Authorization: Bearer $TOKEN" \
  "$API/api/procs/$HTTP_PID" > "$WORK/delete.txt" 2>&1 || true
check "http: the killed process shows as killed in ps" "ps" "^ *$HTTP_PID +ticker +native +killed" 60
check "fs: a file of the verified core, read through the union" "cat /etc/motd" '^honk: this file comes from the signed, read-only core image\.' 60
check "fs: put into the kv layer" "put /notes/today written on the board" "^put: wrote /notes/today" 60
check "fs: a file written to the kv layer reads back" "cat /notes/today" '^written on the board' 60
check "mount lists the core layer" "mount" "core" 60
check "fs: cp from the core into kv" "cp /etc/motd /notes/motd-copy" "^cp: " 60
check "fs: cp from the core into kv, listed by ls" "ls /notes" '^file .* motd-copy' 60
check "image: slot A booted, signed by the development key" "image" '^image: booted slot A, version [0-9]+, signed by ed25519:[0-9a-f]{64} \(the DEVELOPMENT key' 60
check_out "image: the shipped image went into slot A of the blank disk" '^  shipped: version [0-9]+, valid, installed into slot A \(no slot held a valid image\)'
check "net: eth0 is up" "net" '^eth0 +52:54:00:12:34:56 +up +1500 ' 60
check_out "net: the kernel holds the address" '^ipv4 local: .*10\.0\.2\.15'
check_out "net: the default route" '^default route: via 10\.0\.2\.2 dev eth0'
check "kv: a put is acknowledged" "kv put motd persisted across boots" '^kv: put motd \(22 bytes\)' 120
check "kv: and read back" "kv get motd" '^persisted across boots'
check "blk: the NVMe disk's driver actor has done the I/O" "blk" '^driver /dev/nvme0n1: [1-9][0-9]* reads \(.*\), [1-9][0-9]* writes' 60
check_out "blk: the virtio-blk disk has a driver actor of its own" '^driver /dev/vda: 0 reads \(0 B\), 0 writes'
# -- WebAssembly tier (wasm/): modules from the signed core's /bin run as processes --
# (a module's output may follow the next prompt on the line: no '^' on its checks)
check "wasm: hello.wasm prints its greeting" "wasm hello.wasm" 'Hello from WebAssembly on honk!' 600
check "wasm: loop.wasm starts" "wasm loop.wasm --caps=none" "wasm: started loop\.wasm as pid [0-9]+" 600
check_until "wasm: ps lists loop.wasm running" "ps" 'loop\.wasm +wasm +running' 60
check "wasm: loop.wasm is killed" 'kill $!' 'killed pid [0-9]+ \(loop\.wasm\)' 60
check "wasm: ps lists loop.wasm as killed" "ps" 'loop\.wasm +wasm +killed' 60
check "fs: a file to grant the C tool" "put /data/note.txt granted words here" "^put: wrote /data/note.txt" 60
check "wasm: the C tool (wc) reads a granted file" "wasm wc.wasm /data/note.txt --caps=console,args,files:/data:ro" ' +0 +3 +18 /data/note\.txt' 600
check "wasm: the C tool is denied a file outside its grant" "wasm wc.wasm /etc/motd --caps=console,args,files:/data:ro" 'wc: /etc/motd: Capabilities insufficient' 300
# -- end of the WebAssembly tier --
# --- honk's own virtio drivers over uio: entropy, the host share over virtio-9p, a driver restart ---
check_log "virtio-9p: honk drives the 'host' device through uio" 'honk: virtio-9p: [0-9a-f:.]+ driven by honk through uio[0-9]+' 300
check_log "virtio-rng: honk drives the device through uio" 'honk: virtio-rng: [0-9a-f:.]+ driven by honk through uio[0-9]+'
check "rng 16 prints 16 random bytes" "rng 16" '^[0-9a-f]{32}[[:space:]]*$'
check "p9probe: a raw Tversion/Tattach/Tclunk over honk's virtio-9p driver" "p9probe" '^9p: Rversion msize=[0-9]+ version=9P2000\.L; Rattach root qid type 0x80 '
# p9probe's Tversion began a new 9P session on the device and so ended the host layer's (which the
# union commands above opened): its next request may fail once ("try again") while it reconnects.
check "share: ls host:/ answers, or says the layer reconnects" "ls host:/" '^file +[0-9]+ +host +top\.txt|^ls: the host layer' 60
# a request that found the 9P session ended crashed the host mount: it is back after its backoff
check_until "mount shows the host layer over virtio-9p" "mount" "^host +9p +rw +up .*virtio-9p 'host'" 60
check "share: a top-level file reads back" "cat host:/top.txt" '^top level from the host' 60
check "share: a nested file reads back" "cat host:/nested/inner.txt" '^nested from the host' 60
check "share: put into the host layer" "put host:/from-honk.txt written by honk" '^put: wrote /from-honk.txt \(15 bytes\) in host' 60
check "share: cp from the host layer into kv" "cp host:/top.txt /copied" '^cp: copied /top.txt \(from host\) to /copied in kv \(24 bytes\)' 60
check "fault p9-host: the 9p driver restarts" "fault p9-host" 'fault: p9-host crashed and was restarted by its supervisor' 60
# The restarted driver reset the device, which forgot the 9P session: the host layer's next
# request may fail once ("try again") while it reconnects; the one after it is served.
check "share: the first read after the restart answers, or says the layer reconnects" "cat host:/nested/inner.txt" '^nested from the host|^cat: the host layer' 60
check "share: served again after the 9p driver restarted" "cat host:/nested/inner.txt" '^nested from the host' 60
check "rng after the restart" "rng 4" '^[0-9a-f]{8}[[:space:]]*$'
# --- end of the virtio block ---
check "exit halts" "exit" 'honk: halted \(status 0\)'
finish
expect "boot line at -smp 2 -m 1G" '^honk: boot ok board=virt harts=2 mem=9[0-9]{2}M' "$OUT"
expect "SMP on every hart" 'honk: SMP OK - processes ran on 2/2 harts \[0 1\]' "$OUT"
expect "prompt" '^honk> ' "$OUT"
# Lines printed while a line is edited come after the prompt and "\r ESC[J" (printed above it).
expect "devices found" 'honk: devices: [1-9][0-9]* on the device tree, [1-9][0-9]* on PCI' "$OUT"
expect "block devices found once the drivers loaded" 'honk: block devices: nvme0n1 \(NVMe, 64\.0 MiB, primary\), vda \(virtio-blk, 32\.0 MiB\)' "$OUT"
expect "http: the token is printed once" 'http: token [A-Za-z0-9_-]+' "$OUT"
expect "http: /api/system from the host through the port forward" '"board" *: *"virt"' "$WORK/system.json"
expect_eq "http: a spawn without the token is refused" 401 "$(cat "$WORK/post-no-token.txt")"
expect "http: a spawn with the token returns the PID" '"pid" *: *[0-9]+' "$WORK/post.json"
expect "http: /api/procs lists it" "\"pid\" *: *$HTTP_PID," "$WORK/procs.json"
expect "http: /api/tree holds the system services" '"path" *: *"/user/system/log"' "$WORK/tree.json"
expect "http: /metrics in the Prometheus format" '^honk_processes\{state="running"\} [0-9]+' "$WORK/metrics.txt"
expect_eq "http: a kill with the token" 204 "$(cat "$WORK/delete.txt")"
expect_eq "exit powers off: QEMU exit 0" 0 "$RC"
expect_eq "share: the file written from honk is in the host directory" "written by honk" "$(cat "$SHARE/from-honk.txt" 2>/dev/null)"
# From the host, after QEMU has exited: the flush reached the image file.
expect_blk_pattern "blk test's pattern is in the NVMe image's last MiB" "$NVME_IMG" "$OUT"
if tail -c 1048576 "$VIRTIO_IMG" | cmp -s -n 1048576 - /dev/zero; then PASSED=$((PASSED + 1)); echo "  ok   the virtio-blk image is untouched"
else FAILED=$((FAILED + 1)); echo "  FAIL the virtio-blk image was written to"; fi

# Between boots, from the host: a newer signed image into slot B of the same disk (the A/B update path).
SEED_KEY="$HONK_ROOT/keys/development-core.key"
java_mk() { "$JAVA_HOME/bin/java" -cp "$(honk_classpath)" honk.storage.core.MkImage "$@"; }
mkdir -p "$WORK/core-next/etc" && echo "the newer core, seeded from the host" > "$WORK/core-next/etc/motd"
java_mk mkimage "$SEED_KEY" 1000001 "$WORK/core-next" "$WORK/next.img" >/dev/null && java_mk seed "$NVME_IMG" B "$WORK/next.img" >/dev/null ||
  echo "  (could not seed slot B)"

echo "qemu smoke: boot 2 (-smp 8 -m 2G, boot 1's NVMe disk with a newer image in slot B): eight harts, files and keys across a reboot, A/B, reset"
boot wide 8 2G -drive "file=$NVME_IMG,format=raw,if=none,id=nvm" -device nvme,serial=honk0,drive=nvm
ready
check "stress on 8 harts" "stress 4000" '^stress: 4000 processes ran on 8/8 harts \[0 1 2 3 4 5 6 7\]' 600
check_log "core: the newer image seeded into slot B boots" 'honk: core: slot B, version 1000001, [0-9]+ files, signature and Merkle root verified' 420
check "kv: boot 1's key read back after a reboot" "kv get motd" '^persisted across boots' 120
check "fs: boot 1's file read back after a reboot" "cat /notes/today" '^written on the board' 60
check "fs: boot 1's copy listed after a reboot" "ls /notes" '^file .* motd-copy' 60
check "image: slot B booted, slot A still valid and older" "image" '^  slot A: version [0-9]+, [0-9]+ files, valid' 60
check_out "image: the shipped image is not installed over a newer one" '^  shipped: version [0-9]+, valid, not installed \(slot B holds version 1000001\)'
check_out "image: the floor rises to the booted version" '^  anti-rollback floor: [0-9]+, raised to 1000001'
check "fs: the union reads the newer core" "cat /etc/motd" '^the newer core, seeded from the host' 60
check "reset: acknowledged" "reset --confirm" '^reset: the KV store is empty' 120
check "reset: the files written are gone" "cat /notes/today" '^cat: .*/notes/today' 60
check "reset: the keys are gone" "kv get motd" "^kv: no key 'motd'" 60
check "reset: the core still shows through" "cat /etc/motd" '^the newer core, seeded from the host' 60
check "exit halts" "exit" 'honk: halted \(status 0\)'
finish
expect "boot line at -smp 8 -m 2G" '^honk: boot ok board=virt harts=8 mem=(19|20)[0-9]{2}M' "$OUT"
expect "SMP on 8 harts" 'honk: SMP OK - processes ran on 8/8 harts \[0 1 2 3 4 5 6 7\]' "$OUT"
expect_not "core: not installed again" 'honk: core: installed' "$OUT"
expect_eq "exit powers off: QEMU exit 0" 0 "$RC"

# A virtio-blk disk alone (the fallback), seeded from the host: version 1000002 in slot A, a newer
# 1000003 in slot B whose manifest is then altered: the older, valid one must boot, with the reason.
FALLBACK_IMG="$WORK/fallback.img"; truncate -s 64M "$FALLBACK_IMG"
java_mk mkimage "$SEED_KEY" 1000002 "$WORK/core-next" "$WORK/a.img" >/dev/null && java_mk seed "$FALLBACK_IMG" A "$WORK/a.img" >/dev/null &&
  java_mk mkimage "$SEED_KEY" 1000003 "$WORK/core-next" "$WORK/b.img" >/dev/null && java_mk seed "$FALLBACK_IMG" B "$WORK/b.img" >/dev/null ||
  echo "  (could not seed the fallback disk)"
printf '\xff' | dd of="$FALLBACK_IMG" bs=1 seek=$(( (16 << 20) + 100 )) conv=notrunc status=none

echo "qemu smoke: boot 3 (-smp 1 -m 512M, a virtio-blk disk alone): the fallback device, a corrupted newer slot, then a kernel panic powers off non-zero"
boot panic 1 512M -drive "file=$FALLBACK_IMG,format=raw,if=virtio"
ready
check_log "core: the older valid slot boots when the newer one is corrupted" 'honk: core: slot A, version 1000002, ' 300
check "blk: listed as primary" "blk" '^vda +virtio-blk +64\.0 MiB +512 +primary +/dev/vda' 60
check "image: why the newer slot was rejected" "image" '^  slot B: rejected: .*signature does not verify' 60
check "fs: a put on the fallback device" "put /fallback works on virtio-blk" "^put: wrote /fallback" 120
check "fs: the KV store works on the fallback device" "cat /fallback" '^works on virtio-blk' 60
check "panic prints its cause" "panic smoke-test" 'honk: kernel panic: panic requested: smoke-test'
finish
expect "boot at -smp 1 -m 512M" '^honk: boot ok board=virt harts=1 mem=[0-9]+M' "$OUT"
expect "SMP at one hart" 'honk: SMP OK - processes ran on 1/1 harts \[0\]' "$OUT"
expect "blk: without NVMe, virtio-blk is the primary" 'honk: block devices: vda \(virtio-blk, 64\.0 MiB, primary\)' "$OUT"
if [[ "$RC" != 0 ]]; then PASSED=$((PASSED + 1)); echo "  ok   panic powers off: QEMU exit $RC"
else FAILED=$((FAILED + 1)); echo "  FAIL panic powers off: QEMU exited 0"; fi

summary "qemu smoke"
