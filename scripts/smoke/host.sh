#!/usr/bin/env bash
# End-to-end check of the host board: pipes a scripted shell session into scripts/run --host and
# asserts the transcript. The PIDs are read from the output, never assumed.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/check.sh"
source "$HERE/../lib.sh"
need_cmd curl curl
WORK="$(mktemp -d)"
OUT="$WORK/host-session.txt"
DISK="$WORK/disk.img"
truncate -s 8M "$DISK"   # the host board's file-backed block device

# A free loopback port for the HTTP service: one that refuses a connection now.
HTTP_PORT=""
for p in $(shuf -i 20000-60000 -n 50); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then HTTP_PORT="$p"; break; fi
done
URL="http://127.0.0.1:$HTTP_PORT"

# http_checks: once honk prints its token, asks the HTTP API what a user would (results in $WORK/http-*).
http_checks() {
  local token=""
  for _ in $(seq 1 300); do
    token="$(grep -aEo 'http: token [A-Za-z0-9_-]+' "$OUT" 2>/dev/null | head -1 | cut -d' ' -f3)"
    [[ -n "$token" ]] && break
    sleep 0.1
  done
  curl -s -o "$WORK/http-system.json" -w '%{http_code}' "$URL/api/system" >"$WORK/http-system.code"
  curl -s -o "$WORK/http-401.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d '{"program": "idle"}' "$URL/api/procs" >"$WORK/http-401.code"
  curl -s -o "$WORK/http-201.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $token" -d '{"program": "ticker", "args": ["60000"]}' "$URL/api/procs" >"$WORK/http-201.code"
  curl -s "$URL/api/tree" >"$WORK/http-tree.json"
  curl -s "$URL/metrics" >"$WORK/http-metrics.txt"
  curl -s "$URL/" >"$WORK/http-page.html"
}

# wait_line REGEX SECONDS: true once the transcript has a line matching REGEX (false after SECONDS),
# so that the session types its next line once the answer it depends on is there.
wait_line() {
  local i
  for (( i = 0; i < $2 * 10; i++ )); do
    grep -aEq -- "$1" "$OUT" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# The session waits for the answer where a command's effect is asynchronous (a restart, a ping).
{
  http_checks
  echo "help"; echo "run"; echo "harts"; echo "uptime"; echo "mem"; echo "echo 'two words' \"and more\""
  echo "run ticker 100 3"; echo "run crasher --restart=on-failure"; echo "send \$! 'hello there'"
  echo "send \$! boom"
  # the restart shows in ps alone: ps again until the crasher's row counts it
  for _ in $(seq 1 30); do echo "ps"; wait_line '^[0-9]+ +crasher +native +running +on-failure +1 ' 1 && break; done
  echo "run idle"; echo "kill \$!"; echo "kill \$!"; echo "kill 999999"; echo "kill abc"; echo "send"; echo "run nosuch"; echo "run idle --restart=sometimes"
  echo "frobnicate"; echo "echo 'unterminated"; echo "crash"; echo "fault"; echo "fault console"; echo "echo after-fault"
  echo "fault shell"; wait_line '^shell: restarted by its supervisor' 30
  echo "echo after-shell-fault"; echo "log 100"; echo "stress 10000"; echo "tree"
  echo "run ping 10000"; wait_line 'ping [0-9]+: 10000 round trips' 30
  echo "reap"; echo "ps"; echo "blk"; echo "blk test"; echo "blk nonsense"; echo "exit"
} | "$HERE/../run" --host --disk "$DISK" --http-port "$HTTP_PORT" >"$OUT" 2>&1
STATUS=$?
NODISK="$("$HERE/../run" --host --disk "$WORK/missing.img" 2>&1 </dev/null)"; NODISK_STATUS=$?

# --share: a second, short session with a directory holding a top-level and a nested file, mounted
# as the host layer (served by diod), and a disk big enough for the KV store to copy into.
SHARE="$WORK/share"; SHARE_OUT="$WORK/host-share-session.txt"; SHARE_DISK="$WORK/share-disk.img"
mkdir -p "$SHARE/nested"; echo "top level" >"$SHARE/top.txt"; echo "nested file" >"$SHARE/nested/inner.txt"
truncate -s 64M "$SHARE_DISK"
printf '%s\n' "mount" "cat /top.txt" "cat host:/nested/inner.txt" "put host:/from-honk.txt written by honk" \
  "cp host:/top.txt /copied" "ls kv:/copied" "mkdir host:/made" "exit" |
  "$HERE/../run" --host --disk "$SHARE_DISK" --share "$SHARE" --http-port "$HTTP_PORT" >"$SHARE_OUT" 2>&1
SHARE_STATUS=$?

# No flags: the host board's own disk in a fresh cache directory, with the shipped core installed
# into it; a second session finds what the first wrote; a second honk on that disk is refused while
# the first runs; --ephemeral keeps nothing.
NOFLAG_CACHE="$WORK/cache"; NOFLAG_OUT="$WORK/no-flags.txt"; NOFLAG_OUT2="$WORK/no-flags-again.txt"
{ echo "cat /etc/motd"; echo "wasm hello.wasm"; echo "put /noted kept across sessions"
  OUT="$NOFLAG_OUT" wait_line '^put: wrote /noted' 60 # the first honk runs, holding its disk
  LOCKED="$(HONK_CACHE="$NOFLAG_CACHE" "$HERE/../run" --host --http-port "$HTTP_PORT" 2>&1 </dev/null)"
  echo "$?" >"$WORK/locked.status"; echo "$LOCKED" >"$WORK/locked.txt"
  # the first honk listens on the port: a second one, on a disk of its own, says so in one line
  OUT="$NOFLAG_OUT" wait_line '^http: serving on ' 60
  { OUT="$WORK/port-busy.txt" wait_line '^http: cannot listen' 90; echo "exit"; } |
    HONK_CACHE="$NOFLAG_CACHE" TMPDIR="$WORK" "$HERE/../run" --host --ephemeral --http-port "$HTTP_PORT" >"$WORK/port-busy.txt" 2>&1
  echo "exit"
} | HONK_CACHE="$NOFLAG_CACHE" "$HERE/../run" --host --http-port "$HTTP_PORT" >"$NOFLAG_OUT" 2>&1
NOFLAG_STATUS=$?
printf '%s\n' "cat /noted" "exit" | HONK_CACHE="$NOFLAG_CACHE" "$HERE/../run" --host --http-port "$HTTP_PORT" >"$NOFLAG_OUT2" 2>&1
EPH_OUT="$WORK/ephemeral.txt"
printf '%s\n' "cat /noted" "put /gone soon" "blk" "exit" |
  HONK_CACHE="$NOFLAG_CACHE" TMPDIR="$WORK" "$HERE/../run" --host --ephemeral --http-port "$HTTP_PORT" >"$EPH_OUT" 2>&1
EPH_STATUS=$?

# The README's tour, typed as the README gives it (comments dropped), on a fresh cache directory with
# no flag but the share it names: every line must answer without an error.
TOUR="$WORK/tour.txt"; TOUR_OUT="$WORK/tour-session.txt"; TOUR_SHARE="$WORK/tour-share"
mkdir -p "$TOUR_SHARE"; echo "notes from the host" >"$TOUR_SHARE/notes.txt"
awk '/^## A short tour/ {t = 1} /^## Layout/ {t = 0} t && /^honk> / {sub(/^honk> /, ""); sub(/ +#.*$/, ""); print}' \
  "$HERE/../../README.md" >"$TOUR"
HONK_CACHE="$WORK/tour-cache" "$HERE/../run" --host --share "$TOUR_SHARE" --http-port "$HTTP_PORT" <"$TOUR" >"$TOUR_OUT" 2>&1
TOUR_STATUS=$?

echo "host e2e: transcript in $OUT"
expect_eq   "exit powers off with status 0" 0 "$STATUS"
expect      "boot line" '^honk: boot ok board=host harts=[0-9]+ mem=[0-9]+M$' "$OUT"
expect      "SMP line" 'honk: SMP OK - processes ran on ([0-9]+)/\1 harts \[' "$OUT"
# the ready line: every service up with no flag; this session's 8 MiB disk holds no KV region
for item in kv core http smp; do
  expect    "ready line, no flags: $item is up" "honk: ready in [0-9.]+ s: (.*, )?$item([^a-z0-9-]|\$)" "$NOFLAG_OUT"
done
expect_not  "ready line, no flags: nothing given up" 'honk: ready in .*not up' "$NOFLAG_OUT"
expect      "ready line: a disk too small for the store says so" 'honk: ready in [0-9.]+ s: .*\(not up: kv, core\)' "$OUT"
expect      "ready line: a port in use leaves http not up" 'honk: ready in [0-9.]+ s: .*\(not up: http\)' "$WORK/port-busy.txt"
expect      "shell ready" "^honk: shell ready \(type 'help'\)$" "$OUT"
expect      "prompt" '^honk> ' "$OUT"
expect      "help lists kill" '^  kill PID ' "$OUT"
expect      "run lists ticker" '^ticker +\[INTERVAL_MS\]' "$OUT"
expect      "harts" '^harts: [0-9]+ online; dispatcher parallelism [0-9]+' "$OUT"
expect      "uptime" '^up [0-9.]+(ms|s)' "$OUT"
expect      "mem" '^heap: +used ' "$OUT"
expect      "echo with quotes" '^two words and more$' "$OUT"
expect      "run prints the PID" '^run: started idle as pid [0-9]+$' "$OUT"
# A process prints when it runs, so its line may follow a prompt already printed for the next command.
expect      "ticker ticks" '^(honk> )?tick 3 \(pid [0-9]+\)$' "$OUT"
expect      "ps header" '^PID +NAME +KIND +STATE' "$OUT"
expect      "crasher echoes quoted text" '^(honk> )?crasher [0-9]+ got: hello there$' "$OUT"
expect      "crasher restarted after boom" '^[0-9]+ +crasher +native +running +on-failure +1 +[0-9]+ +console .*last: CrashRequested: boom' "$OUT"
expect      "kill" '^killed pid [0-9]+ \(idle\)$' "$OUT"
expect      "kill twice is rejected" '^kill: process [0-9]+ has already ended \(killed\)' "$OUT"
expect      "kill unknown pid" '^kill: no process 999999 \(type .ps. to list processes\)$' "$OUT"
expect      "kill bad pid" "^kill: 'abc' is not a PID" "$OUT"
expect      "send without args" '^send: missing argument; usage: send PID TEXT' "$OUT"
expect      "run unknown program" "^run: no program 'nosuch'" "$OUT"
expect      "run bad policy" "^run: unknown restart policy 'sometimes' \(use never\|on-failure\|always\)$" "$OUT"
expect      "unknown command" "^unknown command 'frobnicate' \(type 'help' for the list\)$" "$OUT"
expect      "unterminated quote" '^unterminated single quote' "$OUT"
expect      "crash contained" '^crash: pid [0-9]+ crashed \(IllegalStateException: crash requested from the shell\); the kernel survived$' "$OUT"
expect      "fault lists services" '^services: .*console.*shell' "$OUT"
expect      "fault console recovers" '^fault: console crashed and was restarted by its supervisor' "$OUT"
expect      "shell works after console fault" '^after-fault$' "$OUT"
expect      "shell restarted" '^shell: restarted by its supervisor$' "$OUT"
expect      "shell works after shell fault" '^after-shell-fault$' "$OUT"
expect      "stress" '^stress: 10000 processes ran on [0-9]+/[0-9]+ harts \[[0-9 ]+\] in [0-9.]+ ms' "$OUT"
expect      "tree shows system" '^├─ system ' "$OUT"
expect      "tree shows procs" '^└─ procs ' "$OUT"
expect      "log shows a crash" 'pid [0-9]+ crash crashed: IllegalStateException' "$OUT"
expect      "log shows the supervisor report" 'supervisor system: console child_restarted' "$OUT"
expect      "ping reports a rate" 'ping [0-9]+: 10000 round trips with pong [0-9]+ in [0-9.]+ ms' "$OUT"
expect      "reap" '^reaped [0-9]+ process' "$OUT"
expect      "blk lists the disk file as primary" '^disk\.img +file +8\.0 MiB +4096 +primary +/' "$OUT"
expect      "blk test passes" '^blk test: OK disk\.img: 1\.0 MiB at blocks 1792\.\.2047 \(the last MiB\)' "$OUT"
expect      "blk test names the device" '^blk test: device /.*/disk\.img \(file, 8\.0 MiB, 4096-byte blocks, (O_DIRECT|buffered)' "$OUT"
expect      "blk with a bad argument" "^blk: unknown arguments 'nonsense'; usage: blk" "$OUT"
expect_blk_pattern "blk test's pattern is in the last MiB of the file" "$DISK" "$OUT"
expect_eq   "a missing --disk file is refused" 2 "$NODISK_STATUS"
expect_eq   "the refusal says how to make one" "scripts/run: --disk $WORK/missing.img: no such file (create one with: truncate -s 64M $WORK/missing.img)" "$NODISK"
expect      "http: the token is printed" 'http: token [A-Za-z0-9_-]{32}$' "$OUT"
expect      "http: serving on the chosen port" "http: serving on $URL/\$" "$OUT"
expect_eq   "http: GET /api/system answers" 200 "$(cat "$WORK/http-system.code" 2>/dev/null)"
expect      "http: /api/system names the host board" '"board":"host"' "$WORK/http-system.json"
expect_eq   "http: POST /api/procs without the token is 401" 401 "$(cat "$WORK/http-401.code" 2>/dev/null)"
expect_eq   "http: POST /api/procs with the token is 201" 201 "$(cat "$WORK/http-201.code" 2>/dev/null)"
expect      "http: the tree has the services" '"path":"/user/system/http"' "$WORK/http-tree.json"
expect      "http: metrics in Prometheus text" '^honk_processes\{state="running"\} [0-9]+$' "$WORK/http-metrics.txt"
expect      "http: the dashboard page" '<title>honk</title>' "$WORK/http-page.html"
HTTP_TOKEN="$(grep -aEo 'http: token [A-Za-z0-9_-]+' "$OUT" | head -1 | cut -d' ' -f3)"
cat "$WORK"/http-*.json "$WORK/http-metrics.txt" "$WORK/http-page.html" >"$WORK/http-responses.txt" 2>/dev/null
expect_not  "http: no response carries the token" "${HTTP_TOKEN:-no-token-printed}" "$WORK/http-responses.txt"
expect      "halted cleanly" '^honk: halted \(status 0\)$' "$OUT"
expect_eq   "share: the session exits 0" 0 "$SHARE_STATUS"
expect      "share: mount shows the host layer up" '^host +9p +rw +up +0 +/.*/share \(diod on a pipe\)' "$SHARE_OUT"
expect      "share: a top-level file reads back" '^top level$' "$SHARE_OUT"
expect      "share: a nested file reads back" '^nested file$' "$SHARE_OUT"
expect      "share: put into the host layer" '^put: wrote /from-honk.txt \(15 bytes\) in host$' "$SHARE_OUT"
expect_eq   "share: the put landed in the directory" "written by honk" "$(cat "$SHARE/from-honk.txt" 2>/dev/null)"
expect      "share: cp from the host layer into kv" '^cp: copied /top.txt \(from host\) to /copied in kv \(10 bytes\)$' "$SHARE_OUT"
expect      "share: the copy is in kv" '^file +10 +kv +copied$' "$SHARE_OUT"
expect_eq   "share: mkdir made a directory in the share" yes "$([[ -d "$SHARE/made" ]] && echo yes || echo no)"
expect_not  "share: no internal errors" 'internal error|Exception in thread|kernel panic' "$SHARE_OUT"
expect_not  "no internal errors" 'internal error|Exception in thread|kernel panic' "$OUT"
expect_eq   "no flags: the session exits 0" 0 "$NOFLAG_STATUS"
expect      "no flags: the board makes its own disk in the cache" "honk: made the host board's disk $NOFLAG_CACHE/host/disk.img \\(64 MiB" "$NOFLAG_OUT"
expect      "no flags: cat /etc/motd reads the shipped core" '^honk: this file comes from the signed, read-only core image\.$' "$NOFLAG_OUT"
expect      "no flags: wasm hello.wasm runs from the core's /bin" '^Hello from WebAssembly on honk!$' "$NOFLAG_OUT"
expect      "no flags: put writes kv" '^put: wrote /noted \(20 bytes\) in kv$' "$NOFLAG_OUT"
expect      "no flags: the next session reads it back" '^kept across sessions$' "$NOFLAG_OUT2"
expect_eq   "a second honk on the same disk is refused" 2 "$(cat "$WORK/locked.status" 2>/dev/null)"
expect      "the refusal names the disk and the holder's pid" "^honk: $NOFLAG_CACHE/host/disk.img is in use by another honk \(pid [0-9]+\); stop it" "$WORK/locked.txt"
expect_eq   "--ephemeral: the session exits 0" 0 "$EPH_STATUS"
expect      "--ephemeral: a fresh disk, without the kept file" '^cat: no such file or directory: /noted$' "$EPH_OUT"
expect      "--ephemeral: its disk is in memory" '^memory +memory +64\.0 MiB +4096 +primary' "$EPH_OUT"
expect_eq   "--ephemeral: no disk file was made" 0 "$(find "$WORK" -maxdepth 1 -newer "$NOFLAG_OUT2" -name '*.img*' | wc -l)"
expect_not  "no flags: no internal errors" 'internal error|Exception in thread|kernel panic' "$NOFLAG_OUT"
expect      "a port in use: one line that says what to do" "http: cannot listen on 127\.0\.0\.1:$HTTP_PORT: the address is in use \(pick another port: scripts/run --host --http-port PORT\)$" "$WORK/port-busy.txt"
expect_not  "a port in use: no stack trace over the prompt" 'Exception|^[[:space:]]+at ' "$WORK/port-busy.txt"
expect      "a port in use: honk runs on without HTTP" '^honk: halted \(status 0\)$' "$WORK/port-busy.txt"
expect_eq   "tour: the README's tour has its lines" yes "$([[ $(wc -l <"$TOUR") -ge 30 ]] && echo yes || echo no)"
expect_eq   "tour: the session exits 0" 0 "$TOUR_STATUS"
# tour_answer LINE: what honk printed for the tour's LINE, up to the next prompt.
tour_answer() {
  awk -v line="honk> $1" 'index($0, line) == 1 && length($0) == length(line) {on = 1; next} /^honk> / {on = 0} on' "$TOUR_OUT"
}
while IFS= read -r line; do
  answer="$(tour_answer "$line")"
  case "$line" in  # lines whose answer is meant to name a crash, or the board they need: what it must say
    "rng "*|p9probe) want='virt board only' ;;  # honk's own virtio drivers: QEMU (qemu.sh runs them)
    crash) want='crashed \(IllegalStateException: crash requested from the shell\); the kernel survived' ;;
    tree) want='console +running +restarts=1  last: InjectedFaultException' ;;
    log) want='supervisor system: console child_restarted \(restart 1\)' ;;
    *) want='' ;;
  esac
  if [[ -n "$want" ]]; then
    expect_eq "tour: $line answers as it should" yes "$(grep -Eq "$want" <<<"$answer" && echo yes || echo no)"
  elif grep -Eq "^[a-z0-9-]+: (no |unknown |cannot |.*usage: |.*(failed|denied|insufficient|not open))|Exception|internal error" <<<"$answer"; then
    fail "tour: $line" "$(head -3 <<<"$answer")"
  else
    pass "tour: $line"
  fi
done <"$TOUR"
expect      "tour: the shared note is copied into kv" '^cp: copied /notes.txt \(from host\) to /notes in kv' "$TOUR_OUT"
expect      "tour: wc counts what it was granted" '^ +0 +3 +13 /data/a.txt$' "$TOUR_OUT"
summary "host e2e"
