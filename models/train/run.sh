#!/usr/bin/env bash
# The whole model pipeline, each step skipped when its output exists (rerun to resume):
#   prepare -> vocab -> train (fp32) -> qat -> export -> evaluate
# Usage: models/train/run.sh [en-de|de-en] [step...]     e.g. run.sh en-de train
# On a machine without the checkpoint cache, `run.sh en-de prepare import qat export evaluate` goes on
# from the committed model: import turns models/en-de.mnmt back into weights that QAT starts from.
# Environment: WORK (default ~/.cache/mobilenmt), FP32_STEPS, THREADS, DATA (shared data),
# MAX_TOKENS (batch size in tokens per side, default 6000), FP32_INIT (weights to start fp32 training from),
# FP32_DIR (its checkpoints, default $WORK/DIRECTION/fp32), FP32_LR / FP32_WARMUP / FP32_SCHEDULE (peak rate,
# warm-up steps, rsqrt|constant after it; defaults 1e-3, 800, rsqrt),
# QAT_STEPS / QAT_LR (the fine-tune's length and starting rate; it decays linearly to zero, so it is also
# the cool-down of the fp32 run), QAT_INIT (default the fp32 best.pt, else the imported model), QAT_DIR (its checkpoints),
# QAT_KEEP_CLIPS=1 (a QAT_INIT from fp32 keeps its activation clips: for an fp32 run continued from QAT weights),
# PYTHON (default /usr/bin/python3).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
direction="${1:-en-de}"; shift || true
steps=("$@"); [ ${#steps[@]} -gt 0 ] || steps=(prepare vocab train qat export evaluate)
src="${direction%-*}"; tgt="${direction#*-}"
work="${WORK:-$HOME/.cache/mobilenmt}"
data="$work/data"
ckpt="$work/$direction"
vocab="$repo/models/vocab/en-de.spm8k.model"   # one joint vocabulary for both directions
py="${PYTHON:-/usr/bin/python3}"  # Debian's, with torch; a GPU machine's may live elsewhere
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-$(grep -q avx512f /proc/cpuinfo && echo SkylakeX || echo Haswell)}"
model_config='{"d_ffn": 512, "d_model": 256, "n_heads": 4, "n_enc_layers": 12, "n_dec_layers": 2}'

# bfloat16 autocast where the CPU multiplies bf16 natively (or on a GPU); fp32 elsewhere.
bf16_flag() {
  if grep -q avx512_bf16 /proc/cpuinfo || command -v nvidia-smi >/dev/null; then echo --bf16; fi
}

run_prepare() {
  [ -s "$data/train.en" ] && return
  if [ ! -e /usr/share/trans/de-en ]; then  # the Ding dictionary, part of the training data
    $([ "$(id -u)" -eq 0 ] || echo sudo) apt-get install -y -qq --no-install-recommends trans-de-en >/dev/null
  fi
  $py "$here/prepare.py" --data "${DATA:-$repo/../shared/data}" --out "$data"
}

run_vocab() {
  [ -s "$vocab" ] && return
  cat "$data/train.en" "$data/train.de" > "$data/spm-input.txt"
  spm_train --input="$data/spm-input.txt" --model_prefix="$data/spm8k" --vocab_size=8000 \
    --model_type=unigram --character_coverage=0.9999 --byte_fallback=true \
    --pad_id=0 --unk_id=1 --bos_id=2 --eos_id=3 --input_sentence_size=1000000 \
    --shuffle_input_sentence=true --num_threads=2 --minloglevel=2
  mkdir -p "$(dirname "$vocab")" && cp "$data/spm8k.model" "$vocab"
}

run_train() {
  nice -n 19 $py "$here/train.py" --data "$data" --spm "$vocab" --ckpt "${FP32_DIR:-$ckpt/fp32}" --src "$src" \
    --tgt "$tgt" --config "$model_config" $(bf16_flag) --lr "${FP32_LR:-1e-3}" --warmup "${FP32_WARMUP:-800}" \
    --schedule "${FP32_SCHEDULE:-rsqrt}" --max-steps "${FP32_STEPS:-24000}" --threads "${THREADS:-2}" \
    --max-tokens "${MAX_TOKENS:-6000}" ${FP32_INIT:+--init "$FP32_INIT"}
}

qat_dir="${QAT_DIR:-$ckpt/qat}"
imported="$ckpt/imported.pt"

run_import() {
  $py "$here/import_mnmt.py" "$repo/models/$direction.mnmt" --out "$imported"
}

qat_init() {
  if [ -n "${QAT_INIT:-}" ]; then echo "$QAT_INIT"
  elif [ -e "$ckpt/fp32/best.pt" ] || [ ! -e "$imported" ]; then echo "$ckpt/fp32/best.pt"
  else echo "$imported"; fi
}

run_qat() {
  nice -n 19 $py "$here/train.py" --data "$data" --spm "$vocab" --ckpt "$qat_dir" --src "$src" --tgt "$tgt" \
    --qat --init "$(qat_init)" $(bf16_flag) --lr "${QAT_LR:-3e-4}" --warmup 50 --ema-decay 0 \
    ${QAT_KEEP_CLIPS:+--keep-clips} \
    --eval-steps 250 --max-steps "${QAT_STEPS:-2000}" --threads "${THREADS:-2}" --max-tokens "${MAX_TOKENS:-6000}"
}

run_export() {
  $py "$here/export.py" --checkpoint "$qat_dir/best.pt" --out "$repo/models/$direction.mnmt" \
    --metadata "$here/metadata.$direction.json"
}

run_evaluate() {
  bash "$repo/scripts/build.sh"
  bash "$here/evaluate.sh" "$repo/models/$direction.mnmt" "$direction" | tee "$ckpt/bleu.md"
}

for step in "${steps[@]}"; do
  echo "== $direction: $step" >&2
  "run_$step"
done
