#!/bin/sh
# `mobilenmt` exit status and messages (design.md §5): 0 ok, 2 usage or bad input, 3 bad model file.
# usage: cli_exit_codes.sh MOBILENMT MODEL
set -u
mobilenmt=$1 model=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# expect STATUS STDERR_SUBSTRING COMMAND... (stdin from $work/in)
expect() {
  want=$1 message=$2
  shift 2
  "$@" < "$work/in" > "$work/out" 2> "$work/err"
  got=$?
  if [ "$got" -ne "$want" ] || { [ -n "$message" ] && ! grep -qF -- "$message" "$work/err"; }; then
    echo "FAIL: '$*' exited $got (want $want), stderr: $(cat "$work/err") (want: $message)" >&2
    failures=$((failures + 1))
  fi
}

printf 'Hello world.\n' > "$work/in"
expect 0 "" "$mobilenmt" translate -m "$model"
[ "$(wc -l < "$work/out")" -eq 1 ] || { echo "FAIL: one line in, one line out" >&2; failures=$((failures + 1)); }

printf 'not a model at all' > "$work/foreign.mnmt"
expect 3 "cannot load model '$work/foreign.mnmt': not a MobileNMT model (bad magic)" "$mobilenmt" translate -m "$work/foreign.mnmt"
head -c 5000 "$model" > "$work/truncated.mnmt"
expect 3 "truncated: expected" "$mobilenmt" translate -m "$work/truncated.mnmt"
cp "$model" "$work/corrupt.mnmt"
printf 'XXXX' | dd of="$work/corrupt.mnmt" bs=1 seek=3000 conv=notrunc 2> /dev/null
expect 3 "corrupted: checksum" "$mobilenmt" translate -m "$work/corrupt.mnmt"
expect 3 "corrupted: checksum" "$mobilenmt" inspect "$work/corrupt.mnmt"
expect 3 "No such file or directory" "$mobilenmt" translate -m "$work/missing.mnmt"
: > "$work/empty.mnmt"
expect 3 "not a MobileNMT model" "$mobilenmt" inspect "$work/empty.mnmt"

expect 2 "usage" "$mobilenmt"
expect 2 "unknown command 'frobnicate'" "$mobilenmt" frobnicate
expect 2 "missing -m" "$mobilenmt" translate
expect 2 "--beam must be an integer in 1..64" "$mobilenmt" translate -m "$model" --beam 0
expect 2 "unknown option '--bogus'" "$mobilenmt" translate -m "$model" --bogus
expect 2 "MNMT_FORCE_ISA=nonsense" env MNMT_FORCE_ISA=nonsense "$mobilenmt" inspect "$model"

# Bad lines: an empty line out for each, a message naming the line, exit 2 after all lines.
printf 'Good night!\nbad \300\257 utf8\n\nYes.\n' > "$work/in"
expect 2 "line 2: invalid UTF-8 at byte 4: overlong encoding of U+002F (wrote an empty line)" "$mobilenmt" translate -m "$model"
[ "$(wc -l < "$work/out")" -eq 4 ] && [ -z "$(sed -n 2p "$work/out")" ] && [ -z "$(sed -n 3p "$work/out")" ] &&
  [ -n "$(sed -n 4p "$work/out")" ] || { echo "FAIL: 4 lines in, 4 out, 2 and 3 empty" >&2; failures=$((failures + 1)); }
awk 'BEGIN { for (i = 0; i < 300; i++) printf "word "; print "" }' > "$work/in"
expect 2 "line 1: sentence 1 is" "$mobilenmt" translate -m "$model"

printf 'Hello.\n' > "$work/in"
expect 0 "" "$mobilenmt" inspect "$model"
grep -q "kernel_isa:" "$work/out" || { echo "FAIL: inspect prints the kernel" >&2; failures=$((failures + 1)); }

[ "$failures" -eq 0 ] && echo "all exit codes as documented"
exit "$failures"
