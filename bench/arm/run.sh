#!/usr/bin/env bash
# ARM benchmark harness: `mobilenmt bench` (one thread, batch 1, pinned to one core) with the static
# aarch64 binary on an Android device over adb, an ARM Linux board over ssh, or here under qemu-aarch64.
# See bench/arm/README.md for what each figure means and which ones only a real device gives.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/arm/lib.sh

usage() {
  cat <<'EOF'
usage: bench/arm/run.sh (--adb [SERIAL] | --ssh HOST | --qemu [CPU]) [options]
  --binary FILE     static aarch64 mobilenmt (default: build-arm/mobilenmt, built when missing or stale)
  --model FILE      .mnmt model (default: models/en-de.mnmt, else build-arm/test-model.mnmt)
  --src FILE        source sentences, one per line (default: tests/fixtures/sentences.en)
  --ref FILE        references line-aligned with --src: adds the BLEU line
  -n N              only the first N lines of --src and --ref (default: 100)
  --beam N          beam size (default: 1, greedy)
  --warmup N        translations before timing starts (default: 5)
  --core N          core to pin to with taskset (default: the highest-numbered core)
  --isa NAME        force a kernel (MNMT_FORCE_ISA): scalar, neon or dotprod
  --remote-dir DIR  folder on the device (default: /data/local/tmp/mobilenmt-bench over adb,
                    /tmp/mobilenmt-bench over ssh)
qemu's CPU defaults to max (dotprod); cortex-a53 has no dotprod, neoverse-n1 has it.
EOF
}

value() {
  (($# > 1)) || die "$1 needs a value"
  echo "$2"
}

target="" target_arg="" binary="" model="" src=tests/fixtures/sentences.en ref="" lines=100 beam=1 warmup=5
core="" isa="" remote_dir=""
while (($#)); do
  case "$1" in
    --adb | --qemu)
      target="${1#--}"
      if (($# > 1)) && [[ "$2" != -* ]]; then target_arg="$2"; shift; fi ;;
    --ssh) target=ssh target_arg="$(value "$@")"; shift ;;
    --binary) binary="$(value "$@")"; shift ;;
    --model) model="$(value "$@")"; shift ;;
    --src) src="$(value "$@")"; shift ;;
    --ref) ref="$(value "$@")"; shift ;;
    -n) lines="$(value "$@")"; shift ;;
    --beam) beam="$(value "$@")"; shift ;;
    --warmup) warmup="$(value "$@")"; shift ;;
    --core) core="$(value "$@")"; shift ;;
    --isa) isa="$(value "$@")"; shift ;;
    --remote-dir) remote_dir="$(value "$@")"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
[ -n "$target" ] || { usage >&2; exit 2; }
for number in "$lines" "$beam" "$warmup" ${core:+"$core"}; do
  [[ "$number" =~ ^[0-9]+$ ]] || die "'$number' is not a number"
done
[[ "$isa" =~ ^[a-z0-9_]*$ ]] || die "--isa '$isa': not a kernel name"
for file in "$src" ${ref:+"$ref"} ${binary:+"$binary"} ${model:+"$model"}; do
  [ -r "$file" ] || die "cannot read '$file'"
done
case "$target" in
  adb) command -v adb >/dev/null 2>&1 ||
    die "adb not found: install Android platform-tools (Debian: apt-get install adb) and put adb on PATH" ;;
  ssh) command -v ssh >/dev/null 2>&1 && command -v scp >/dev/null 2>&1 ||
    die "ssh or scp not found (Debian: apt-get install openssh-client)" ;;
esac

[ -n "$binary" ] || { build_arm_cli; binary="$arm_cli"; }
model="${model:-$(default_model)}"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
head -n "$lines" "$src" > "$stage/sentences.txt"
bench_args=(bench -m model.mnmt -i sentences.txt --warmup "$warmup" --beam "$beam")
if [ -n "$ref" ]; then
  head -n "$lines" "$ref" > "$stage/references.txt"
  bench_args+=(--ref references.txt)
fi
staged_files=("$stage/sentences.txt" ${ref:+"$stage/references.txt"} bench/arm/pinned.sh)
input_line="model $model; input: the first $(wc -l < "$stage/sentences.txt") lines of $src"
input_line+="${ref:+, references $ref}"

# The command run in the device folder that holds mobilenmt, model.mnmt and the staged files.
device_command() {
  echo "cd '$1' && chmod 755 mobilenmt &&" \
    "MNMT_FORCE_ISA='$isa' BENCH_CORE='$core' sh pinned.sh ./mobilenmt ${bench_args[*]}"
}

case "$target" in
  qemu)
    cpu="${target_arg:-max}"
    echo "== qemu-aarch64 -cpu $cpu: emulated, so the timings are not device figures =="
    echo "$input_line"
    ln -s "$(realpath "$binary")" "$stage/mobilenmt"
    ln -s "$(realpath "$model")" "$stage/model.mnmt"
    cp bench/arm/pinned.sh "$stage/"
    (cd "$stage" && MNMT_FORCE_ISA="$isa" BENCH_CORE="$core" sh pinned.sh \
      qemu-aarch64 -L /usr/aarch64-linux-gnu -cpu "$cpu" ./mobilenmt "${bench_args[@]}")
    ;;
  adb)
    adb=(adb ${target_arg:+-s "$target_arg"})
    dir="${remote_dir:-/data/local/tmp/mobilenmt-bench}"
    "${adb[@]}" shell "mkdir -p '$dir'"
    "${adb[@]}" push "$binary" "$dir/mobilenmt" >/dev/null
    "${adb[@]}" push "$model" "$dir/model.mnmt" >/dev/null
    "${adb[@]}" push "${staged_files[@]}" "$dir/" >/dev/null
    echo "== adb ${target_arg:-(default device)}: $("${adb[@]}" shell getprop ro.product.model | tr -d '\r')," \
      "Android $("${adb[@]}" shell getprop ro.build.version.release | tr -d '\r') =="
    echo "$input_line"
    "${adb[@]}" shell "$(device_command "$dir")"
    ;;
  ssh)
    dir="${remote_dir:-/tmp/mobilenmt-bench}"
    ssh "$target_arg" "mkdir -p '$dir'"
    scp -q "$binary" "$target_arg:$dir/mobilenmt"
    scp -q "$model" "$target_arg:$dir/model.mnmt"
    scp -q "${staged_files[@]}" "$target_arg:$dir/"
    echo "== ssh $target_arg: $(ssh "$target_arg" uname -srm) =="
    echo "$input_line"
    ssh "$target_arg" "$(device_command "$dir")"
    ;;
esac
