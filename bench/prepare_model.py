#!/usr/bin/python3
"""Fixes the weights one benchmark run uses, so every system runs the same model.

  prepare_model.py --checkpoint PT --model MNMT --out DIR [--data CORPUS] [--fallback-checkpoint PT]

Copies the checkpoint's weights and config (not its optimizer state) to DIR/checkpoint.pt, so that a
training job replacing the file mid-run changes nothing. When MNMT does not exist, exports one from
that snapshot with models/train/export.py into DIR/model.mnmt (an fp32 checkpoint is quantized after
training, calibrated on CORPUS). When PT does not exist and --fallback-checkpoint is given, uses that
one, with a warning. Prints, and writes to DIR/model.json, what was chosen: paths, sha256, length
policy, and whether the .mnmt comes from the same checkpoint (by the step and QAT flag it records).
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../models/train"))
from mnmt_format import read_model  # noqa: E402
from model import Config, Transformer  # noqa: E402

EXPORT = os.path.join(HERE, "../models/train/export.py")


def stamp(path):
    info = os.stat(path)
    return {"path": os.path.abspath(path), "bytes": info.st_size, "mtime": info.st_mtime}


def snapshot(source, out_dir):
    """DIR/checkpoint.pt: the weights and config of `source`, rewritten only when `source` changed."""
    target, stamp_file = os.path.join(out_dir, "checkpoint.pt"), os.path.join(out_dir, "checkpoint.stamp.json")
    current = stamp(source)
    if os.path.exists(target) and os.path.exists(stamp_file):
        with open(stamp_file) as fh:
            if json.load(fh) == current:
                return torch.load(target, map_location="cpu"), False
    ckpt = torch.load(source, map_location="cpu")
    slim = {k: ckpt[k] for k in ("model", "config", "step", "best", "qat", "src", "tgt") if k in ckpt}
    torch.save(slim, target)
    with open(stamp_file, "w") as fh:
        json.dump(current, fh)
    return slim, True


def export(checkpoint_path, qat, target, data):
    command = [sys.executable, EXPORT, "--checkpoint", checkpoint_path, "--out", target]
    if not qat:
        if not data or not os.path.isdir(data):
            raise SystemExit(f"prepare_model: {checkpoint_path} is fp32; export.py needs its training corpus to "
                             f"calibrate (--data, default ~/.cache/mobilenmt/data)")
        command += ["--data", data]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def sha256(path):
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--fallback-checkpoint")
    ap.add_argument("--model", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--data")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    warnings = []

    checkpoint = args.checkpoint
    if not os.path.exists(checkpoint):
        if not args.fallback_checkpoint or not os.path.exists(args.fallback_checkpoint):
            raise SystemExit(f"prepare_model: no checkpoint at {checkpoint}")
        warnings.append(f"{checkpoint} does not exist yet; using {args.fallback_checkpoint} instead")
        checkpoint = args.fallback_checkpoint
    ckpt, changed = snapshot(checkpoint, args.out)
    snapshot_path = os.path.join(args.out, "checkpoint.pt")

    model = args.model
    if not os.path.exists(model):
        model = os.path.join(args.out, "model.mnmt")
        if changed or not os.path.exists(model):
            export(snapshot_path, bool(ckpt.get("qat")), model, args.data)
        how = "" if ckpt.get("qat") else " (an fp32 checkpoint: post-training quantization, no QAT)"
        warnings.append(f"{args.model} does not exist yet; benchmarking {model}, exported from {checkpoint} "
                        f"by models/train/export.py{how}")
    config, metadata, _, _ = read_model(model)
    recorded = metadata.get("checkpoint", {})
    same_weights = recorded.get("step") == ckpt.get("step") and bool(recorded.get("qat")) == bool(ckpt.get("qat"))
    if not same_weights:
        warnings.append(f"{model} records checkpoint step {recorded.get('step')} (qat {recorded.get('qat')}), but "
                        f"{checkpoint} is step {ckpt.get('step')} (qat {ckpt.get('qat')}): NOT the same weights")

    chosen = {
        "checkpoint": {"source": os.path.abspath(checkpoint), "path": os.path.abspath(snapshot_path),
                       "step": ckpt.get("step"), "qat": bool(ckpt.get("qat")), "config": ckpt["config"],
                       "parameters": sum(p.numel() for p in Transformer(Config(**ckpt["config"])).parameters())},
        "model": {"path": os.path.abspath(model), "bytes": os.path.getsize(model), "sha256": sha256(model),
                  "quantization": metadata.get("quantization"),
                  "lengthPolicy": {"ratio": config["length_ratio"], "offset": config["length_offset"]}},
        "sameWeights": same_weights,
        "warnings": warnings,
    }
    with open(os.path.join(args.out, "model.json"), "w") as fh:
        json.dump(chosen, fh, indent=1)
    for warning in warnings:
        print(f"\n!!! WARNING: {warning}\n", file=sys.stderr)


if __name__ == "__main__":
    main()
