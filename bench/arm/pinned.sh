#!/bin/sh
# Runs on the target in any POSIX sh (Android's toybox/mksh, busybox, bash): the command given as
# arguments, pinned to one core with taskset where the target has it. BENCH_CORE picks the core;
# default the highest-numbered one (on Android big.LITTLE SoCs usually a big core).
if command -v taskset >/dev/null 2>&1; then
  core="${BENCH_CORE:-$(($(nproc) - 1))}"
  echo "pinned to core $core (taskset)"
  exec taskset "$(printf %x $((1 << core)))" "$@"
fi
echo "not pinned: no taskset on this target"
exec "$@"
