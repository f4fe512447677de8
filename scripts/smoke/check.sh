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
