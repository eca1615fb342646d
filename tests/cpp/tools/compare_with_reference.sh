#!/bin/sh
# The engine's output ids must equal the Python reference's (docs/numerics.md), sentence by sentence,
# with every GEMM kernel this build has and this CPU runs, on tests/fixtures/sentences.<source language>.
# usage: compare_with_reference.sh MOBILENMT PYTHON SOURCE_DIR MODEL [--beam N]
set -eu
mobilenmt=$1 python=$2 root=$3 model=$4
shift 4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$mobilenmt" inspect "$model" > "$work/inspect"
source_language=$(sed -n 's/^  direction: \([a-z]*\) -> .*/\1/p' "$work/inspect")
sentences="$root/tests/fixtures/sentences.$source_language"
[ -f "$sentences" ] || { echo "no fixture sentences for source language '$source_language': $sentences" >&2; exit 1; }
"$python" "$root/models/train/reference.py" "$model" "$@" < "$sentences" > "$work/reference.ids"
isas=$(sed -n 's/^available_isas: //p' "$work/inspect")
[ -n "$isas" ] || { echo "no kernels listed by 'mobilenmt inspect'" >&2; exit 1; }
status=0
for isa in $isas; do
  MNMT_FORCE_ISA=$isa "$mobilenmt" ids -m "$model" "$@" < "$sentences" > "$work/engine.ids"
  if cmp -s "$work/reference.ids" "$work/engine.ids"; then
    echo "$isa: identical ids for $(wc -l < "$sentences") sentences ($(basename "$model") $*)"
  else
    echo "$isa: engine ids differ from models/train/reference.py ($model $*):" >&2
    diff "$work/reference.ids" "$work/engine.ids" >&2 || true
    status=1
  fi
done
exit "$status"
