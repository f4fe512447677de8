#!/usr/bin/env bash
# QEMU smoke suite: boots the real image on the riscv64 virt board, drives the shell over the serial
# console, asserts what it prints and how QEMU exits. Each boot serves many checks; a watchdog kills
# a hung guest by PID (QEMU ignores SIGALRM).
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

# keys TEXT: types raw keys (printf escapes: \033 for ESC, \r for Enter) at the prompt.
keys() {
  printf "$1" >&3
}

# wait_count REGEX N SECONDS: true once at least N lines match REGEX.
wait_count() {
  local deadline=$(( $(date +%s) + $3 ))
  while (( $(date +%s) < deadline )); do
    (( $(grep -acE -- "$1" "$OUT") >= $2 )) && return 0
    sleep 1
  done
  return 1
}

echo "qemu smoke: boot 1 (-smp 4 -m 1G, an NVMe and a virtio-blk disk, virtio-rng, a 9p share): every foundation command, the line editor, devices, blk, honk's virtio drivers, then exit"
# Fresh (all-zero) disk images: blk test writes its pattern over the NVMe disk's last MiB, checked below from the host side.
NVME_IMG="$WORK/nvme.img"; VIRTIO_IMG="$WORK/virtio.img"
HTTP_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
truncate -s 64M "$NVME_IMG"; truncate -s 32M "$VIRTIO_IMG"
# honk's own virtio drivers (over uio): an entropy device, and a share holding a top-level and a nested file.
SHARE="$WORK/share"; mkdir -p "$SHARE/nested"; echo "top level from the host" >"$SHARE/top.txt"
echo "nested from the host" >"$SHARE/nested/inner.txt"
UIO_DEVICES=(-device virtio-rng-pci,disable-legacy=on -fsdev "local,id=host,path=$SHARE,security_model=none"
             -device virtio-9p-pci,fsdev=host,mount_tag=host,disable-legacy=on)
boot main 4 1G -drive "file=$NVME_IMG,format=raw,if=none,id=nvm" -device nvme,serial=honk0,drive=nvm \
  -drive "file=$VIRTIO_IMG,format=raw,if=virtio" -netdev "user,id=net0,hostfwd=tcp:127.0.0.1:$HTTP_PORT-:80" -device virtio-net-pci,netdev=net0,romfile= \
  "${UIO_DEVICES[@]}"
if wait_for "^honk: shell ready" "$BOOT_TIMEOUT"; then
  echo "  (prompt after $(( $(date +%s) - START )) s)"
  cmd "harts" "^harts: 4 online"
  cmd "run crasher --restart=on-failure" "run: started crasher as pid [0-9]+"
  cmd 'send $! boom' "sent to pid [0-9]+"
  sleep 5
  cmd "ps" "crasher +native +running +on-failure +1 "
  cmd "run idle" "run: started idle as pid [0-9]+"
  cmd 'kill $!' "killed pid [0-9]+ \(idle\)"
  cmd "crash" "the kernel survived"
  cmd "fault console" "fault: console crashed and was restarted"
  cmd "echo still-here" "^still-here"
  cmd "fault shell" "^shell: restarted by its supervisor"
  cmd "echo shell-back" "^shell-back"
  # The line editor on the serial console: Left inserts mid-line, Up recalls the last line.
  keys 'echo helo\033[Dl\r'
  wait_for "^hello" 60 || echo "  (no /^hello/ after the edited line)"
  keys '\033[A\r'
  wait_count "^hello" 2 60 || echo "  (history did not repeat the last line)"
  cmd "stress 2000" "^stress: 2000 processes ran on 4/4 harts \[0 1 2 3\]" 600
  cmd "tree" "└─ procs "
  cmd "log 50" "crash crashed: "
  cmd "reap" "^reaped [0-9]+ process"
  cmd "devices" "^pci +0000:00:[0-9a-f.]+ +pvpanic"
  wait_for "honk: modules: " 300 || echo "  (no modules line)"
  cmd "blk" "^vda +virtio-blk"
  cmd "blk test" "^blk test: " 300
  wait_for "honk: core: slot" 120 || echo "  (no core line)"
  wait_for "honk: net: " 120 || echo "  (no net line)"
  # HTTP from the host through QEMU's port forward: honk's TCP/IP configuration, end to end.
  wait_for "http: (serving|listening)" 180 || echo "  (no http line)"
  API="http://127.0.0.1:$HTTP_PORT"
  curl -s -m 60 "$API/api/system" > "$WORK/system.json" 2>&1 || true
  curl -s -m 60 -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d '{"program":"idle"}' "$API/api/procs" > "$WORK/post-no-token.txt" 2>&1 || true
  TOKEN=$(grep -aoE 'http: token [A-Za-z0-9_-]+' "$OUT" | head -1 | awk '{print $3}')
  curl -s -m 60 -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"program":"ticker","args":["60000"]}' "$API/api/procs" > "$WORK/post.json" 2>&1 || true
  cmd "ps" "ticker +native +running" 60
  for what in procs tree; do curl -s -m 60 "$API/api/$what" > "$WORK/$what.json" 2>&1 || true; done
  curl -s -m 60 "$API/metrics" > "$WORK/metrics.txt" 2>&1 || true
  HTTP_PID=$(grep -oE '"pid" *: *[0-9]+' "$WORK/post.json" | grep -oE '[0-9]+$' || echo 0)
  curl -s -m 60 -o /dev/null -w '%{http_code}' -X DELETE -H "Authorization: Bearer $TOKEN" \
    "$API/api/procs/$HTTP_PID" > "$WORK/delete.txt" 2>&1 || true
  cmd "ps" "^ *$HTTP_PID +ticker +native +killed" 60
  cmd "cat /etc/motd" "^honk: this file comes from the signed" 60
  cmd "put /notes/today written on the board" "^put: wrote /notes/today" 60
  cmd "cat /notes/today" "^written on the board" 60
  cmd "mount" "core" 60
  cmd "cp /etc/motd /notes/motd-copy" "^cp: " 60
  cmd "ls /notes" "motd-copy" 60
  cmd "image" "^  anti-rollback floor: " 60
  cmd "net" "^default route: " 60
  cmd "kv put motd persisted across boots" "^kv: put motd" 120
  cmd "kv get motd" "^persisted across boots"
  cmd "blk" "^driver /dev/vda: " 60
  # -- WebAssembly tier (wasm/): modules from the signed core's /bin run as processes --
  # (a module's output may follow the next prompt on the line: no '^' on its checks)
  cmd "wasm hello.wasm" "Hello from WebAssembly on honk!" 600
  cmd "wasm loop.wasm --caps=none" "wasm: started loop.wasm as pid [0-9]+" 600
  sleep 2
  cmd 'kill $!' "killed pid [0-9]+ \(loop\.wasm\)" 60
  cmd "ps" "loop\.wasm +wasm +killed" 60
  cmd "put /data/note.txt granted words here" "^put: wrote /data/note.txt" 60
  cmd "wasm wc.wasm /data/note.txt --caps=console,args,files:/data:ro" " +0 +3 +18 /data/note\.txt" 600
  cmd "wasm wc.wasm /etc/motd --caps=console,args,files:/data:ro" "wc: /etc/motd: Capabilities insufficient" 300
  # -- end of the WebAssembly tier --
  # --- honk's own virtio drivers over uio: entropy, the host share over virtio-9p, a driver restart ---
  wait_for "honk: virtio-9p: " 300 || echo "  (no virtio-9p line)"
  cmd "rng 16" "^[0-9a-f]{32}[[:space:]]*$"
  cmd "p9probe" "^9p: Rversion "
  # p9probe's Tversion began a new 9P session on the device and so ended the host layer's (which the
  # union commands above opened): its next request may fail once ("try again") while it reconnects.
  printf '%s\n' "ls host:/" >&3
  wait_for "^file +[0-9]+ +host +top\.txt|^ls: the host layer" 60 || echo "  (no answer to ls host:/)"
  cmd "mount" "^host +9p "
  cmd "cat host:/top.txt" "^top level from the host" 60
  cmd "cat host:/nested/inner.txt" "^nested from the host" 60
  cmd "put host:/from-honk.txt written by honk" "^put: wrote /from-honk.txt" 60
  cmd "cp host:/top.txt /copied" "^cp: copied /top.txt" 60
  cmd "fault p9-host" "fault: p9-host crashed and was restarted" 60
  # The restarted driver reset the device, which forgot the 9P session: the host layer's next
  # request may fail once ("try again") while it reconnects; the one after it is served.
  printf '%s\n' "cat host:/nested/inner.txt" >&3
  wait_count "^nested from the host|^cat: the host layer" 2 60 || echo "  (no answer to the first cat after the restart)"
  printf '%s\n' "cat host:/nested/inner.txt" >&3
  wait_count "^nested from the host" 2 60 || echo "  (the share did not serve after the restart)"
  cmd "rng 4" "^[0-9a-f]{8}[[:space:]]*$"
  # --- end of the virtio block ---
  cmd "exit" "honk: halted \(status 0\)"
fi
finish
expect "boot line at -smp 4 -m 1G" '^honk: boot ok board=virt harts=4 mem=9[0-9]{2}M' "$OUT"
expect "SMP on every hart" '^honk: SMP OK - processes ran on 4/4 harts \[0 1 2 3\]' "$OUT"
expect "shell ready" "^honk: shell ready \(type 'help'\)" "$OUT"
expect "prompt" '^honk> ' "$OUT"
# Lines printed while a line is edited come after the prompt and "\r ESC[K" (printed above it).
expect "devices found" 'honk: devices: [1-9][0-9]* on the device tree, [1-9][0-9]* on PCI' "$OUT"
expect "modules loaded after the prompt" 'honk: modules: ([0-9]+)/\1 loaded' "$OUT"
expect "harts" '^harts: 4 online; dispatcher parallelism 4' "$OUT"
expect "send: crasher restarted after boom" 'crasher +native +running +on-failure +1 ' "$OUT"
expect "kill" 'killed pid [0-9]+ \(idle\)' "$OUT"
expect "crash contained" 'crashed \(IllegalStateException: crash requested from the shell\); the kernel survived' "$OUT"
expect "fault console" 'fault: console crashed and was restarted by its supervisor' "$OUT"
expect "shell alive after fault console" '^still-here' "$OUT"
expect "fault shell" '^shell: restarted by its supervisor' "$OUT"
expect "shell answers after fault shell" '^shell-back' "$OUT"
expect "line editor: Left then insert" '^hello' "$OUT"
expect_eq "line editor: Up recalls the last line" 2 "$(grep -acE '^hello' "$OUT")"
expect "stress on every hart" '^stress: 2000 processes ran on 4/4 harts \[0 1 2 3\]' "$OUT"
expect "tree" '└─ procs ' "$OUT"
expect "log shows the crash" 'pid [0-9]+ crash crashed: IllegalStateException' "$OUT"
expect "reap" '^reaped [0-9]+ process' "$OUT"
expect "devices: the UART on the device tree" '^dt +10000000 +serial +ns16550a' "$OUT"
expect "devices: pvpanic on PCI" '^pci +0000:00:[0-9a-f.]+ +pvpanic +1b36:0011' "$OUT"
expect "devices: the NVMe controller on PCI" '^pci +0000:00:[0-9a-f.]+ +nvme +1b36:0010' "$OUT"
expect "block devices found once the drivers loaded" 'honk: block devices: nvme0n1 \(NVMe, 64\.0 MiB, primary\), vda \(virtio-blk, 32\.0 MiB\)' "$OUT"
expect "blk: the NVMe namespace is primary" '^nvme0n1 +NVMe +64\.0 MiB +512 +primary +/dev/nvme0n1' "$OUT"
expect "blk: the virtio-blk disk is listed" '^vda +virtio-blk +32\.0 MiB +512 +- +/dev/vda' "$OUT"
expect "blk test passes on the NVMe disk" '^blk test: OK nvme0n1: 1\.0 MiB at blocks 129024\.\.131071 \(the last MiB\)' "$OUT"
expect "blk: the NVMe disk's driver actor has done the I/O" '^driver /dev/nvme0n1: [1-9][0-9]* reads \(.*\), [1-9][0-9]* writes' "$OUT"
expect "blk: the virtio-blk disk has a driver actor of its own" '^driver /dev/vda: 0 reads \(0 B\), 0 writes' "$OUT"
expect "blk test went through O_DIRECT" '^blk test: device /dev/nvme0n1 \(NVMe, 64\.0 MiB, 512-byte blocks, O_DIRECT\)' "$OUT"
expect "core: the shipped image is installed on the blank disk" 'honk: core: installed version [0-9]+ into slot A' "$OUT"
expect "core: booted from slot A, verified" 'honk: core: slot A, version [0-9]+, [0-9]+ files, signature and Merkle root verified' "$OUT"
expect "net: honk brought eth0 up with QEMU's user-network address" 'honk: net: eth0 52:54:00:12:34:56 up, 10\.0\.2\.15/24 via 10\.0\.2\.2; lo up' "$OUT"
expect "net: eth0 is up" '^eth0 +52:54:00:12:34:56 +up +1500 ' "$OUT"
expect "net: the kernel holds the address" '^ipv4 local: .*10\.0\.2\.15' "$OUT"
expect "net: the default route" '^default route: via 10\.0\.2\.2 dev eth0' "$OUT"
expect "fs: a file of the verified core, read through the union" '^honk: this file comes from the signed, read-only core image\.' "$OUT"
expect "fs: a file written to the kv layer reads back" '^written on the board' "$OUT"
expect "fs: cp from the core into kv, listed by ls" '^file .* motd-copy' "$OUT"
expect "image: slot A booted, signed by the development key" '^image: booted slot A, version [0-9]+, signed by ed25519:[0-9a-f]{64} \(the DEVELOPMENT key' "$OUT"
expect "image: the shipped image went into slot A of the blank disk" '^  shipped: version [0-9]+, valid, installed into slot A \(no slot held a valid image\)' "$OUT"
expect "http: the token is printed once" 'http: token [A-Za-z0-9_-]+' "$OUT"
expect "http: /api/system from the host through the port forward" '"board" *: *"virt"' "$WORK/system.json"
expect_eq "http: a spawn without the token is refused" 401 "$(cat "$WORK/post-no-token.txt")"
expect "http: a spawn with the token returns the PID" '"pid" *: *[0-9]+' "$WORK/post.json"
expect "http: the spawned process shows in ps" 'ticker +native +running' "$OUT"
expect "http: /api/procs lists it" "\"pid\" *: *$HTTP_PID," "$WORK/procs.json"
expect "http: /api/tree holds the system services" '"path" *: *"/user/system/log"' "$WORK/tree.json"
expect "http: /metrics in the Prometheus format" '^honk_processes\{state="running"\} [0-9]+' "$WORK/metrics.txt"
expect_eq "http: a kill with the token" 204 "$(cat "$WORK/delete.txt")"
expect "http: the killed process shows as killed in ps" "^ *$HTTP_PID +ticker +native +killed" "$OUT"
expect "kv: a put is acknowledged" '^kv: put motd \(22 bytes\)' "$OUT"
expect "kv: and read back" '^persisted across boots' "$OUT"
# -- WebAssembly tier (wasm/) --
expect "wasm: hello.wasm prints its greeting" 'Hello from WebAssembly on honk!' "$OUT"
expect "wasm: loop.wasm is killed" 'killed pid [0-9]+ \(loop\.wasm\)' "$OUT"
expect "wasm: ps lists loop.wasm as killed" 'loop\.wasm +wasm +killed' "$OUT"
expect "wasm: the C tool (wc) reads a granted file" ' +0 +3 +18 /data/note\.txt' "$OUT"
expect "wasm: the C tool is denied a file outside its grant" 'wc: /etc/motd: Capabilities insufficient' "$OUT"
# -- end of the WebAssembly tier --
expect "virtio-rng: honk drives the device through uio" 'honk: virtio-rng: [0-9a-f:.]+ driven by honk through uio[0-9]+' "$OUT"
expect "virtio-9p: honk drives the 'host' device through uio" 'honk: virtio-9p: [0-9a-f:.]+ driven by honk through uio[0-9]+' "$OUT"
expect "rng 16 prints 16 random bytes" '^[0-9a-f]{32}[[:space:]]*$' "$OUT"
expect "p9probe: a raw Tversion/Tattach/Tclunk over honk's virtio-9p driver" '^9p: Rversion msize=[0-9]+ version=9P2000\.L; Rattach root qid type 0x80 ' "$OUT"
expect "mount shows the host layer over virtio-9p" "^host +9p +rw +up .*virtio-9p 'host'" "$OUT"
expect "share: a top-level file reads back" '^top level from the host' "$OUT"
expect "share: a nested file reads back" '^nested from the host' "$OUT"
expect "share: put into the host layer" '^put: wrote /from-honk.txt \(15 bytes\) in host' "$OUT"
expect "fault p9-host: the 9p driver restarts" 'fault: p9-host crashed and was restarted by its supervisor' "$OUT"
expect "share: cp from the host layer into kv" '^cp: copied /top.txt \(from host\) to /copied in kv \(24 bytes\)' "$OUT"
if (( $(grep -acE '^nested from the host' "$OUT") >= 2 )); then PASSED=$((PASSED + 1)); echo "  ok   share: served again after the 9p driver restarted"
else FAILED=$((FAILED + 1)); echo "  FAIL share: the nested file did not read back after the 9p driver restarted"; fi
expect "rng after the restart" '^[0-9a-f]{8}[[:space:]]*$' "$OUT"
expect "exit halts" 'honk: halted \(status 0\)' "$OUT"
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
if wait_for "^honk: shell ready" "$BOOT_TIMEOUT"; then
  echo "  (prompt after $(( $(date +%s) - START )) s)"
  cmd "stress 4000" "^stress: 4000 processes ran on" 600
  wait_for "honk: block devices: " 300 || echo "  (no block device line)"
  wait_for "honk: core: " 120 || echo "  (no core line)"
  cmd "kv get motd" "^persisted across boots" 120
  cmd "cat /notes/today" "^written on the board" 60
  cmd "ls /notes" "motd-copy" 60
  cmd "image" "^  anti-rollback floor: " 60
  cmd "cat /etc/motd" "seeded from the host" 60
  cmd "reset --confirm" "^reset: " 120
  cmd "cat /notes/today" "^cat: " 60
  cmd "kv get motd" "^kv: " 60
  cmd "cat /etc/motd" "seeded from the host" 60
  cmd "exit" "honk: halted \(status 0\)"
fi
finish
expect "boot line at -smp 8 -m 2G" '^honk: boot ok board=virt harts=8 mem=(19|20)[0-9]{2}M' "$OUT"
expect "SMP on 8 harts" '^honk: SMP OK - processes ran on 8/8 harts \[0 1 2 3 4 5 6 7\]' "$OUT"
expect "stress on 8 harts" '^stress: 4000 processes ran on 8/8 harts \[0 1 2 3 4 5 6 7\]' "$OUT"
expect "kv: boot 1's key read back after a reboot" '^persisted across boots' "$OUT"
expect "fs: boot 1's file read back after a reboot" '^written on the board' "$OUT"
expect "fs: boot 1's copy listed after a reboot" '^file .* motd-copy' "$OUT"
expect "core: the newer image seeded into slot B boots" 'honk: core: slot B, version 1000001, [0-9]+ files, signature and Merkle root verified' "$OUT"
expect "image: slot B booted, slot A still valid and older" '^  slot A: version [0-9]+, [0-9]+ files, valid' "$OUT"
expect "image: the shipped image is not installed over a newer one" '^  shipped: version [0-9]+, valid, not installed \(slot B holds version 1000001\)' "$OUT"
expect "image: the floor rises to the booted version" '^  anti-rollback floor: [0-9]+, raised to 1000001' "$OUT"
expect "fs: the union reads the newer core" '^the newer core, seeded from the host' "$OUT"
expect "reset: acknowledged" '^reset: the KV store is empty' "$OUT"
expect "reset: the files written are gone" '^cat: .*/notes/today' "$OUT"
expect "reset: the keys are gone" "^kv: no key 'motd'" "$OUT"
expect_eq "reset: the core still shows through (read before and after)" 2 "$(grep -acE '^the newer core, seeded from the host' "$OUT")"
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
if wait_for "^honk: shell ready" "$BOOT_TIMEOUT"; then
  wait_for "honk: core: " 300 || echo "  (no core line)"
  cmd "blk" "^vda +virtio-blk" 60
  cmd "image" "^  anti-rollback floor: " 60
  cmd "put /fallback works on virtio-blk" "^put: wrote /fallback" 120
  cmd "cat /fallback" "^works on virtio-blk" 60
  cmd "panic smoke-test" "honk: kernel panic: panic requested: smoke-test"
fi
finish
expect "boot at -smp 1 -m 512M" '^honk: boot ok board=virt harts=1 mem=[0-9]+M' "$OUT"
expect "SMP at one hart" '^honk: SMP OK - processes ran on 1/1 harts \[0\]' "$OUT"
expect "blk: without NVMe, virtio-blk is the primary" 'honk: block devices: vda \(virtio-blk, 64\.0 MiB, primary\)' "$OUT"
expect "blk: listed as primary" '^vda +virtio-blk +64\.0 MiB +512 +primary +/dev/vda' "$OUT"
expect "core: the older valid slot boots when the newer one is corrupted" 'honk: core: slot A, version 1000002, ' "$OUT"
expect "image: why the newer slot was rejected" '^  slot B: rejected: .*signature does not verify' "$OUT"
expect "fs: the KV store works on the fallback device" '^works on virtio-blk' "$OUT"
expect "panic prints its cause" 'honk: kernel panic: panic requested: smoke-test' "$OUT"
if [[ "$RC" != 0 ]]; then PASSED=$((PASSED + 1)); echo "  ok   panic powers off: QEMU exit $RC"
else FAILED=$((FAILED + 1)); echo "  FAIL panic powers off: QEMU exited 0"; fi

summary "qemu smoke"
