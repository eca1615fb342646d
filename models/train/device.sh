#!/usr/bin/env bash
# Training on a lent GPU machine, which receives only the repository (and the paths a run carries):
#   here:  bash models/train/device.sh pack [direction]
#            the prepared corpus and the newest fp32 weights (model only, bf16; without a checkpoint cache,
#            those of the committed model) into .devicekit/ (ignored, ~32 MB)
#   there: bash models/train/device.sh train [direction]      (carry .devicekit; long: start it with setsid)
#            fp32 from the kit's weights, QAT, export, in /tmp/mnmt; log in /tmp/mnmt/<direction>.log
#   there: bash models/train/device.sh collect [direction]
#            copies the .mnmt, the log and the QAT weights (model only, in 15 MB parts) into $OUT
#   here:  bash models/train/device.sh unpack [direction] DIR
#            DIR = the files that came back: the model into models/, the weights into $WORK/<direction>/device/
set -euo pipefail
cd "$(dirname "$0")/../.."
action="${1:?usage: device.sh pack|train|collect|unpack [direction] [DIR]}"
direction="${2:-en-de}"
work="${WORK:-$HOME/.cache/mobilenmt}"
kit=.devicekit
remote=/tmp/mnmt

# model_only IN.pt OUT.pt [bf16]: drops the optimizer state, keeps {"model", "config"}, optionally in bf16
model_only() {
  "${PYTHON:-python3}" - "$@" <<'EOF'
import sys, torch
state = torch.load(sys.argv[1], map_location="cpu")
weights = state["model"]
if sys.argv[3:] == ["bf16"]:
    weights = {k: v.bfloat16() if v.is_floating_point() else v for k, v in weights.items()}
torch.save({"model": weights, "config": state["config"]}, sys.argv[2])
EOF
}

case "$action" in
  pack)
    mkdir -p "$kit"
    tar -C "$work/data" -czf "$kit/data.tar.gz" train.en train.de dev.en dev.de stats.json
    weights="$work/$direction/fp32/last.pt"
    if [ ! -f "$weights" ]; then  # no cache here: start from the committed model
      weights="$work/$direction/imported.pt"
      /usr/bin/python3 models/train/import_mnmt.py "models/$direction.mnmt" --out "$weights"
    fi
    PYTHON=/usr/bin/python3 model_only "$weights" "$kit/$direction.init.pt" bf16
    du -ch "$kit"/* | tail -n 1
    ;;
  train)
    mkdir -p "$remote/data"
    tar -C "$remote/data" -xzf "$kit/data.tar.gz"
    init=()
    [ -f "$kit/$direction.init.pt" ] && init=(FP32_INIT="$kit/$direction.init.pt")
    env "${init[@]}" WORK="$remote" PYTHON="${PYTHON:-python3}" THREADS="${THREADS:-8}" MAX_TOKENS="${MAX_TOKENS:-12000}" \
      FP32_STEPS="${FP32_STEPS:-12000}" QAT_STEPS="${QAT_STEPS:-2000}" \
      bash models/train/run.sh "$direction" train qat export 2>&1 | tee "$remote/$direction.log"
    ;;
  collect)
    : "${OUT:?collect runs on the device machine, where OUT is set}"
    cp "models/$direction.mnmt" "$remote/$direction.log" "$OUT/"
    model_only "$remote/$direction/qat/best.pt" "$remote/$direction.qat.pt"
    split -b 15M -d "$remote/$direction.qat.pt" "$OUT/$direction.qat.pt.part"
    ;;
  unpack)
    from="${3:?unpack needs the folder where the device files came back}"
    cp "$from/$direction.mnmt" "models/$direction.mnmt"
    mkdir -p "$work/$direction/device"
    cat "$from/$direction.qat.pt.part"* > "$work/$direction/device/qat.pt"
    cp "$from/$direction.log" "$work/$direction/device/"
    echo "models/$direction.mnmt and $work/$direction/device/qat.pt updated"
    ;;
  *) echo "device.sh: unknown action $action" >&2; exit 2 ;;
esac
