#!/usr/bin/python3
"""Write a small random-weight .mnmt model for tests (numpy only, deterministic per seed).

  make_test_model.py --out X.mnmt [--seed 1] [--d 64] [--heads 4] [--ffn 128] [--layers 2]
                     [--enc-layers N] [--dec-layers N] [--post-ln] [--gelu] [--max-positions 128]
                     [--length-ratio 1.5] [--length-offset 10] [--eos-rate 0.02] [--direction en-de|de-en]
                     [--spm M] [--calib FILE]

Weights are random but scaled so that greedy decoding depends on the source and varies over time;
activation clips are the max |x| of the float forward over --calib (tests/fixtures/sentences.<source>),
and the eos logit bias makes some of those sentences end with eos before max_len.
"""
import argparse
import math
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import numerics as nm  # noqa: E402
import reference  # noqa: E402
from mnmt_format import required_tensors, normalize_config, write_model  # noqa: E402


# Weight gains (std * sqrt(fan_in)) by layer kind, found by a small search for decodings that depend on
# the source and vary over time: a large FFN output swamps the echo of the (tied) input embedding.
GAINS = {0: {"embed": 1.0, "ffn1": 3.0, "ffn2": 40.0, "out": 1.0, "self_out": 1.0, "cross_out": 1.0},  # pre-LN
         1: {"embed": 1.0, "ffn1": 1.5, "ffn2": 10.0, "out": 0.3, "self_out": 0.3, "cross_out": 0.3}}  # post-LN


def sinusoid_table(n_positions, d):
    """numpy twin of model.sinusoid_table: float64 sin/cos, rounded to float32."""
    position = np.arange(n_positions, dtype=np.float64)[:, None]
    div = np.exp(np.arange(0, d, 2, dtype=np.float64) * (-math.log(10000.0) / d))
    table = np.zeros((n_positions, d))
    table[:, 0::2] = np.sin(position * div)
    table[:, 1::2] = np.cos(position * div)
    return table.astype(np.float32)


def random_tensors(config, rng):
    """Every non-clip tensor of `config`, float weights quantized per row."""
    d = config["d_model"]
    out = {}
    for name, (dtype, shape) in required_tensors(config).items():
        if name.endswith(".clip") or name.endswith(".scale") or name == "positions":
            continue
        if name.endswith(".weight"):
            gain = GAINS[config["norm_position"]].get(name.split(".")[-2], 1.5)
            w = rng.standard_normal(shape) * (gain / math.sqrt(shape[1]))
            out[name], out[name[:-len("weight")] + "scale"] = nm.quantize_weight(w.astype(np.float32))
        elif name.endswith(".gamma"):
            out[name] = (1.0 + 0.1 * rng.standard_normal(shape)).astype(np.float32)
        else:  # .beta, .bias, logits.bias
            out[name] = (0.1 * rng.standard_normal(shape)).astype(np.float32)
    out["positions"] = sinusoid_table(config["max_positions"], d)
    return out


def calibrate(model, sources):
    """Float greedy decoding of `sources` with eos suppressed: (max |x| per clip, and per step the
    margin by which the best other logit beats eos's logit without its bias)."""
    ops, eos, margins = reference.Float(model), model.c["eos_id"], []
    for src in sources:
        cross = reference.encode(ops, model, src)
        caches = [[] for _ in range(model.c["n_dec_layers"])]
        tok = model.c["bos_id"]
        for t in range(model.src_len_limit(len(src))):
            logits = reference.decoder_step(ops, model, cross, caches, [tok], t)[0]
            logits[eos] -= model.t["logits.bias"][eos]
            margins.append(np.delete(logits, eos).max() - logits[eos])
            tok = int(np.argmax(np.where(np.arange(len(logits)) == eos, -np.inf, logits)))
    return ops.observed, np.array(margins)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--d", type=int, default=64)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--ffn", type=int, default=128)
    ap.add_argument("--layers", type=int, default=2, help="encoder and decoder layers")
    ap.add_argument("--enc-layers", type=int)
    ap.add_argument("--dec-layers", type=int)
    ap.add_argument("--max-positions", type=int, default=128)
    ap.add_argument("--post-ln", action="store_true")
    ap.add_argument("--gelu", action="store_true")
    ap.add_argument("--length-ratio", type=float, default=1.5)
    ap.add_argument("--length-offset", type=int, default=10)
    ap.add_argument("--eos-rate", type=float, default=0.02,
                    help="eos logit bias set so that eos would win about this fraction of float decoding steps")
    ap.add_argument("--direction", default="en-de", choices=["en-de", "de-en"])
    ap.add_argument("--spm", default=os.path.join(ROOT, "models/vocab/en-de.spm8k.model"))
    ap.add_argument("--calib", help="calibration sentences (default: tests/fixtures/sentences.<source language>)")
    args = ap.parse_args()
    source_language, target_language = args.direction.split("-")
    args.calib = args.calib or os.path.join(ROOT, "tests/fixtures", f"sentences.{source_language}")

    import sentencepiece as spm
    with open(args.spm, "rb") as fh:
        spm_bytes = fh.read()
    sp = spm.SentencePieceProcessor(model_proto=spm_bytes)
    config = normalize_config({
        "vocab_size": sp.get_piece_size(), "d_model": args.d, "n_heads": args.heads, "d_ffn": args.ffn,
        "n_enc_layers": args.enc_layers or args.layers, "n_dec_layers": args.dec_layers or args.layers,
        "activation": "gelu" if args.gelu else "relu", "norm_position": "post" if args.post_ln else "pre",
        "max_positions": args.max_positions, "pad_id": 0, "unk_id": 1, "bos_id": 2, "eos_id": 3,
        "embed_scale": math.sqrt(args.d), "ln_eps": 1e-5, "length_ratio": args.length_ratio,
        "length_offset": args.length_offset, "source_language": source_language, "target_language": target_language})
    tensors = random_tensors(config, np.random.default_rng(args.seed))

    model = reference.Model(config, tensors)
    with open(args.calib, encoding="utf-8") as fh:
        sources = [reference.source_ids(model, sp, line.rstrip("\r\n")) for line in fh]
    observed, margins = calibrate(model, sources)
    tensors["logits.bias"][config["eos_id"]] = np.float32(np.quantile(margins, args.eos_rate))
    for name in required_tensors(config):
        if name.endswith(".clip"):
            tensors[name] = np.array([max(observed.get(name, 1.0), 1e-3)], np.float32)
    metadata = {"description": "random-weight test model (make_test_model.py)", "seed": args.seed,
                "direction": args.direction, "calibration": os.path.basename(args.calib)}
    size = write_model(args.out, config, metadata, spm_bytes, tensors)
    print(f"{args.out}: {size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
