# Assertions over a console transcript, shared by the smoke suites. Sourced, not run.
# Counts passes and failures; summary prints the closing "N passed, N failed" line.
PASSED=0; FAILED=0

# expect NAME REGEX FILE: FILE has a line matching the extended REGEX.
expect() {
  if grep -Eq -- "$2" "$3"; then PASSED=$((PASSED + 1)); echo "  ok   $1"
  else FAILED=$((FAILED + 1)); echo "  FAIL $1: no line matches /$2/ in $3"; fi
}

# expect_not NAME REGEX FILE: no line of FILE matches REGEX.
expect_not() {
  if grep -Eq -- "$2" "$3"; then FAILED=$((FAILED + 1)); echo "  FAIL $1: a line matches /$2/ in $3:"; grep -E -- "$2" "$3" | head -3 | sed 's/^/       /'
  else PASSED=$((PASSED + 1)); echo "  ok   $1"; fi
}

# expect_eq NAME WANT GOT
expect_eq() {
  if [[ "$2" == "$3" ]]; then PASSED=$((PASSED + 1)); echo "  ok   $1"
  else FAILED=$((FAILED + 1)); echo "  FAIL $1: want '$2', got '$3'"; fi
}

summary() {
  echo "$1: $PASSED passed, $FAILED failed"
  [[ "$FAILED" == 0 ]]
}

# expect_blk_pattern NAME IMAGE TRANSCRIPT: the last MiB of the disk image IMAGE holds the pattern
# that the 'blk test' reported in TRANSCRIPT wrote (its token picks this run's data, not an older
# run's). The pattern is BlockSelfTest's: 16384 records of 64 bytes, "honk blk test TOKEN record
# %08d" padded with '.' to 63 bytes plus '\n'.
expect_blk_pattern() {
  local token want
  token="$(grep -aEo 'blk test: OK .* pattern [0-9a-f]{8}' "$3" | head -1 | grep -Eo '[0-9a-f]{8}$')"
  if [[ -z "$token" ]]; then FAILED=$((FAILED + 1)); echo "  FAIL $1: no 'blk test: OK' line in $3"; return; fi
  want="$(mktemp)"
  awk -v t="$token" 'BEGIN { d = "................................................................"
    for (i = 0; i < 16384; i++) { s = sprintf("honk blk test %s record %08d", t, i); printf "%s%s\n", s, substr(d, 1, 63 - length(s)) } }' >"$want"
  if tail -c 1048576 "$2" | cmp -s - "$want"; then PASSED=$((PASSED + 1)); echo "  ok   $1 (pattern $token)"
  else FAILED=$((FAILED + 1)); echo "  FAIL $1: the last MiB of $2 is not the pattern $token"; fi
  rm -f "$want"
}

# --- Checks on a live console. The suite starts a process that reads its console from fd 3 (a
# FIFO) and writes it to $OUT, and sets CONSOLE_PID. A check types a line and waits for the answer
# it names, so no sleep decides when the next line is typed. Each check counts once.

pass() { PASSED=$((PASSED + 1)); echo "  ok   $1"; }
fail() { FAILED=$((FAILED + 1)); echo "  FAIL $1: $2"; return 1; }

# since FROM: the console after byte FROM, less the rest of the line FROM falls in (the prompt the
# typed line is echoed on); the whole console when FROM is 0.
since() {
  if (( $1 == 0 )); then cat "$OUT"; else tail -c +"$(( $1 + 1 ))" "$OUT" | tail -n +2; fi
}

# count REGEX [FROM]: how many lines after byte FROM match REGEX (grep reads to the end: no SIGPIPE).
count() {
  since "${2:-0}" | grep -acE -- "$1"
}

# wait_for REGEX SECONDS [FROM]: true once a line after byte FROM matches REGEX; false after
# SECONDS, or as soon as the console's process has ended without printing one.
wait_for() {
  local deadline=$(( $(date +%s) + $2 ))
  while :; do
    (( $(count "$1" "${3:-0}") > 0 )) && return 0
    kill -0 "$CONSOLE_PID" 2>/dev/null || { (( $(count "$1" "${3:-0}") > 0 )); return; }
    (( $(date +%s) < deadline )) || return 1
    sleep 0.2 # the polling interval
  done
}

# type_line LINE / press KEYS: types LINE and Enter, or raw KEYS (printf escapes: \033 for ESC, \r
# for Enter), and marks the console there for the checks of the answer. Written from a subshell: a
# console that has gone makes the checks fail, it does not end the suite.
type_line() { MARK=$(stat -c %s "$OUT"); TYPED="$1"; (printf '%s\n' "$1" >&3) 2>/dev/null; }
press() { MARK=$(stat -c %s "$OUT"); TYPED="$1"; (printf "$1" >&3) 2>/dev/null; }

# check NAME LINE REGEX [SECONDS]: types LINE; passes once a line of its answer matches REGEX,
# fails after SECONDS (120 by default).
check() {
  type_line "$2"
  check_out "$1" "$3" "${4:-120}"
}

# check_out NAME REGEX [SECONDS]: another line of the answer to what was typed last.
check_out() {
  if wait_for "$2" "${3:-120}" "$MARK"; then pass "$1"
  else fail "$1" "no line matches /$2/ within ${3:-120} s of typing '$TYPED'"; fi
}

# check_until NAME LINE REGEX [SECONDS]: types LINE again, every 10 s at most, until a line of its
# answer matches REGEX: for a state that comes about on its own, such as a restart.
check_until() {
  local deadline=$(( $(date +%s) + ${4:-120} ))
  while :; do
    type_line "$2"
    wait_for "$3" 10 "$MARK" && { pass "$1"; return; }
    (( $(date +%s) < deadline )) && kill -0 "$CONSOLE_PID" 2>/dev/null || break
  done
  fail "$1" "no line matches /$3/ within ${4:-120} s of typing '$2' again and again"
}

# check_log NAME REGEX [SECONDS]: passes once any line of the console matches REGEX: for what the
# system prints on its own, such as a driver coming up.
check_log() {
  if wait_for "$2" "${3:-120}"; then pass "$1"
  else fail "$1" "no line matches /$2/ within ${3:-120} s"; fi
}
