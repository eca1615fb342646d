#!/usr/bin/python3
"""Export a training checkpoint (train.py format, fp32 or QAT) to a .mnmt model file.

  export.py [--checkpoint] CKPT.pt --out MODEL.mnmt [--spm SPM.model] [--data DIR] [--metadata FILE.json]

Weights are quantized per output row (numerics §1). A QAT checkpoint carries its learned clips
(exported as |clip| + 1e-4, exactly what its fake quantization used); an fp32 checkpoint is
calibrated here (post-training quantization): the float model runs over --calib-batches batches of
DIR/{train,dev}.{src,tgt} and each clip is the observed running 99.99th percentile of |x|, unless
--keep-clips says it was continued from QAT weights and its clips are the learned ones to keep.
"""
import argparse
import datetime
import json
import math
import os
import random
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from model import Config, Transformer, ActQuant, sinusoid_table  # noqa: E402
from corpus import make_batches, MAX_TOKENS_PER_SIDE  # noqa: E402
from mnmt_format import required_tensors, normalize_config, write_model  # noqa: E402
import numerics as nm  # noqa: E402

MAX_BYTES = 15 * 1000 * 1000
SPECIAL = {"enc.ln": "enc_ln", "dec.ln": "dec_ln", "enc.out": "enc_out", "dec.out": "dec_out"}


def module_path(base):
    """File name prefix -> model.py module path: enc.3.attn.q -> encoder.3.attn.q, dec.0.self.k -> decoder.0.self_attn.k."""
    parts = base.split(".")
    if parts[0] in ("enc", "dec") and parts[1].isdigit():
        rest = parts[2:]
        if rest[0] in ("self", "cross"):
            rest[0] += "_attn"
        return ".".join([{"enc": "encoder", "dec": "decoder"}[parts[0]], parts[1]] + rest)
    return SPECIAL.get(base, base)


def state_key(name):
    """The state_dict entry a file tensor comes from (clips and scales are derived from it)."""
    if name in ("embed.weight", "embed.scale"):
        return "embed"
    if name in ("logits.bias", "positions"):
        return {"logits.bias": "logits_bias", "positions": None}[name]
    base, suffix = name.rsplit(".", 1)
    path = module_path(base)
    return {"clip": path + "_quant.clip", "gamma": path + ".weight", "beta": path + ".bias",
            "weight": path + ".weight", "scale": path + ".weight", "bias": path + ".bias"}[suffix]


def read_pairs(data, split, src, tgt, limit, processor):
    pairs = []
    with open(os.path.join(data, f"{split}.{src}"), encoding="utf-8") as fs, \
            open(os.path.join(data, f"{split}.{tgt}"), encoding="utf-8") as ft:
        for a, b in zip(fs, ft):
            a, b = processor.encode(a.rstrip("\n")), processor.encode(b.rstrip("\n"))
            if 0 < len(a) <= MAX_TOKENS_PER_SIDE and 0 < len(b) <= MAX_TOKENS_PER_SIDE:
                pairs.append((a, b))
            if len(pairs) >= limit:
                break
    return pairs


@torch.no_grad()
def calibrate(model, args, src, tgt):
    import sentencepiece as spm
    split = args.calib_split or ("train" if os.path.exists(os.path.join(args.data, f"train.{src}")) else "dev")
    pairs = read_pairs(args.data, split, src, tgt, args.calib_sentences, spm.SentencePieceProcessor(model_file=args.spm))
    batches = make_batches(pairs, args.calib_max_tokens, random.Random(0), model.cfg.pad_id)[:args.calib_batches]
    torch.manual_seed(0)  # ActQuant subsamples large tensors
    model.eval()
    model.set_calibrating(True)
    for s, t_in, _ in batches:
        model(s, t_in)
    model.set_calibrating(False)
    return f"post-training: {len(batches)} batches ({sum(len(b[0]) for b in batches)} sentences) of {split}"


def clip_value(module, qat):
    if qat:
        return float(module.clip.detach().abs()) + 1e-4
    if module.observations.item() == 0:
        raise SystemExit("a quantization point saw no data during calibration")
    return max(float(module.observed), 1e-3)


def export_tensors(model, config, qat):
    sd = {k: v.detach().float().numpy() for k, v in model.state_dict().items()}
    modules = dict(model.named_modules())
    tensors, errors = {}, []
    for name in required_tensors(config):
        key = state_key(name)
        if name == "positions":
            tensors[name] = sinusoid_table(config["max_positions"], config["d_model"]).numpy()
        elif name.endswith(".clip"):
            module = modules[key[:-len(".clip")]]
            assert isinstance(module, ActQuant), key
            tensors[name] = np.array([clip_value(module, qat)], np.float32)
        elif name.endswith(".weight"):
            w = sd[key].astype(np.float32)
            q, scale = nm.quantize_weight(w)
            tensors[name], tensors[name[:-len("weight")] + "scale"] = q, scale
            err = np.abs(w - q.astype(np.float32) * scale[:, None]).max()
            errors.append((name, float(err), float(np.abs(w).max())))
        elif not name.endswith(".scale"):
            tensors[name] = np.ascontiguousarray(sd[key], np.float32)
    return tensors, errors


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoint_pos", nargs="?", metavar="CHECKPOINT")
    ap.add_argument("--checkpoint", help="train.py checkpoint (or give it as the positional argument)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--spm", default=os.path.join(ROOT, "models/vocab/en-de.spm8k.model"),
                    help="SentencePiece model the checkpoint was trained with (default: %(default)s)")
    ap.add_argument("--data", help="corpus folder (train.SRC/TGT, dev.SRC/TGT); needed for fp32 checkpoints")
    ap.add_argument("--calib-split", choices=("train", "dev"), help="default: train when present, else dev")
    ap.add_argument("--calib-batches", type=int, default=50)
    ap.add_argument("--calib-sentences", type=int, default=5000, help="read at most this many pairs")
    ap.add_argument("--calib-max-tokens", type=int, default=2000)
    ap.add_argument("--length-ratio", type=float, default=1.5)
    ap.add_argument("--length-offset", type=int, default=10)
    ap.add_argument("--metadata", help="JSON file merged into the metadata")
    ap.add_argument("--keep-clips", action="store_true",
                    help="an fp32 checkpoint continued from QAT weights: export its learned clips, do not calibrate")
    ap.add_argument("--allow-large", action="store_true", help=f"write files over {MAX_BYTES} bytes")
    args = ap.parse_args()
    args.checkpoint = args.checkpoint or args.checkpoint_pos
    if not args.checkpoint:
        ap.error("no checkpoint given")

    ckpt = torch.load(args.checkpoint, map_location="cpu")
    cfg = Config(**ckpt["config"])
    model = Transformer(cfg)
    model.load_state_dict(ckpt["model"])
    qat = bool(ckpt.get("qat", False))
    learned_clips = qat or args.keep_clips
    src, tgt = ckpt.get("src", "en"), ckpt.get("tgt", "de")
    if qat:
        quantization = "quantization-aware training"
    elif args.keep_clips:
        quantization = "fp32 continued from quantization-aware training, its learned clips kept"
    elif args.data:
        quantization = calibrate(model, args, src, tgt)
    else:
        raise SystemExit("an fp32 checkpoint needs --data to calibrate its activation clips")

    config = normalize_config({
        "vocab_size": cfg.vocab_size, "d_model": cfg.d_model, "n_heads": cfg.n_heads, "d_ffn": cfg.d_ffn,
        "n_enc_layers": cfg.n_enc_layers, "n_dec_layers": cfg.n_dec_layers, "activation": cfg.activation,
        "norm_position": "pre", "max_positions": cfg.max_positions, "pad_id": cfg.pad_id, "unk_id": cfg.unk_id,
        "bos_id": cfg.bos_id, "eos_id": cfg.eos_id, "embed_scale": math.sqrt(cfg.d_model), "ln_eps": cfg.ln_eps,
        "length_ratio": args.length_ratio, "length_offset": args.length_offset,
        "source_language": src, "target_language": tgt})
    tensors, errors = export_tensors(model, config, learned_clips)

    metadata = {
        "direction": f"{src}-{tgt}", "source_language": src, "target_language": tgt,
        "parameters": sum(p.numel() for p in model.parameters()),
        "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "checkpoint": {"file": os.path.basename(args.checkpoint), "step": ckpt.get("step"),
                       "best_dev_loss": ckpt.get("best"), "qat": qat},
        "quantization": quantization, "model_config": cfg.to_dict(), "exporter": "models/train/export.py"}
    stats = os.path.join(args.data, "stats.json") if args.data else None
    if stats and os.path.exists(stats):
        with open(stats) as fh:
            s = json.load(fh)
        metadata["training_data"] = {k: s[k] for k in ("train_pairs", "dev_pairs", "sources") if k in s}
    if args.metadata:
        with open(args.metadata) as fh:
            metadata.update(json.load(fh))
    with open(args.spm, "rb") as fh:
        spm_bytes = fh.read()

    for name, err, wmax in errors:
        print(f"{name:28s} max |w - q*s| = {err:.3e}  ({err / max(wmax, 1e-30):.2%} of max |w|)")
    tmp = args.out + ".tmp"
    size = write_model(tmp, config, metadata, spm_bytes, tensors)
    if size > MAX_BYTES and not args.allow_large:
        os.remove(tmp)
        raise SystemExit(f"{args.out}: {size} bytes is over {MAX_BYTES}; pass --allow-large to write it")
    os.replace(tmp, args.out)
    print(f"{args.out}: {size} bytes ({size / 1e6:.2f} MB), {quantization}")


if __name__ == "__main__":
    main()
