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
