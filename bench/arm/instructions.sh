#!/usr/bin/env bash
# Guest instructions per sentence of `mobilenmt translate` under qemu-aarch64 for each kernel
# (MNMT_FORCE_ISA), counted by qemu's insn plugin: (count for N sentences - count for empty input, i.e.
# model load and start-up only) / N. Unlike qemu's timings these counts are exact and repeatable.
# Fails when the kernels' translations differ.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/arm/lib.sh

usage() {
  cat <<'EOF'
usage: bench/arm/instructions.sh [--model FILE] [--src FILE] [-n N] [--cpu CPU] [--isas "scalar neon dotprod"]
  --model FILE  .mnmt model (default: models/en-de.mnmt, else build-arm/test-model.mnmt)
  --src FILE    sentences, one per line (default: tests/fixtures/sentences.en)
  -n N          the first N lines of --src (default: 10)
  --cpu CPU     qemu CPU model (default: max, which has every kernel's instructions)
  --isas LIST   kernels to count (default: "scalar neon dotprod")
EOF
}

model="" src=tests/fixtures/sentences.en lines=10 cpu=max isas="scalar neon dotprod"
while (($#)); do
  case "$1" in -h | --help) usage; exit 0 ;; esac
  (($# > 1)) || { usage >&2; exit 2; }
  case "$1" in
    --model) model="$2" ;;
    --src) src="$2" ;;
    -n) lines="$2" ;;
    --cpu) cpu="$2" ;;
    --isas) isas="$2" ;;
    *) usage >&2; exit 2 ;;
  esac
  shift 2
done
[[ "$lines" =~ ^[1-9][0-9]*$ ]] || die "-n '$lines': not a positive number"
for file in "$src" ${model:+"$model"}; do
  [ -r "$file" ] || die "cannot read '$file'"
done

build_arm_cli
plugin="$(bash bench/arm/build-insn-plugin.sh)"
model="${model:-$(default_model)}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
head -n "$lines" "$src" > "$work/sentences.txt"
sentences="$(wc -l < "$work/sentences.txt")"

# Guest instructions of one `translate` run: instruction_count ISA INPUT OUTPUT
instruction_count() {
  MNMT_FORCE_ISA="$1" qemu-aarch64 -L /usr/aarch64-linux-gnu -cpu "$cpu" -plugin "$plugin,inline=on" \
    -d plugin -D "$work/plugin.log" "$arm_cli" translate -m "$model" < "$2" > "$3" ||
    die "mobilenmt translate failed under qemu with MNMT_FORCE_ISA=$1"
  local count
  count="$(sed -n 's/^insns: //p' "$work/plugin.log")"
  [ -n "$count" ] || die "qemu's insn plugin printed no count"
  echo "$count"
}

echo "model $model; the first $sentences lines of $src; qemu-aarch64 -cpu $cpu; translate, greedy"
first_isa="${isas%% *}" first_per_sentence=""
printf '%-8s %16s %24s %14s %13s\n' kernel "load only" "load + $sentences sentences" "per sentence" "$first_isa/this"
for isa in $isas; do
  load_only="$(instruction_count "$isa" /dev/null "$work/empty.out")"
  with_sentences="$(instruction_count "$isa" "$work/sentences.txt" "$work/$isa.out")"
  per_sentence=$(((with_sentences - load_only) / sentences))
  if [ "$isa" = "$first_isa" ]; then
    first_per_sentence="$per_sentence"
  else
    cmp -s "$work/$first_isa.out" "$work/$isa.out" || die "translations of $isa differ from $first_isa's"
  fi
  printf '%-8s %16d %24d %14d %12.2fx\n' "$isa" "$load_only" "$with_sentences" "$per_sentence" \
    "$(awk -v a="$first_per_sentence" -v b="$per_sentence" 'BEGIN { print a / b }')"
done
echo "translations identical for: $isas"
