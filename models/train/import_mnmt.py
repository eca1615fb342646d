#!/usr/bin/python3
"""Turn a shipped .mnmt file back into a train.py checkpoint, so training can go on from it.

  import_mnmt.py models/en-de.mnmt --out ~/.cache/mobilenmt/en-de/from-mnmt.pt

The inverse of export.py: int8 weights times their row scales, clips minus the 1e-4 the exporter
added, every float tensor as it is. The checkpoint is marked QAT (its clips are learned, not to be
recalibrated) and carries no optimizer state. It is how a machine without the training cache (a new
session, a lent GPU) continues the committed model instead of starting over.
"""
import argparse
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import Config, Transformer  # noqa: E402
from mnmt_format import read_model  # noqa: E402
from export import state_key  # noqa: E402

ACTIVATIONS = {0: "relu", 1: "gelu"}


def model_config(c, metadata):
    trained = metadata.get("model_config", {})
    eps = trained.get("ln_eps", c["ln_eps"])  # the file holds it as float32; the metadata as trained
    if np.float32(eps) != np.float32(c["ln_eps"]):
        eps = c["ln_eps"]
    return Config(vocab_size=c["vocab_size"], d_model=c["d_model"], n_heads=c["n_heads"], d_ffn=c["d_ffn"],
                  n_enc_layers=c["n_enc_layers"], n_dec_layers=c["n_dec_layers"],
                  activation=ACTIVATIONS[c["activation"]], max_positions=c["max_positions"],
                  dropout=trained.get("dropout", 0.1), pad_id=c["pad_id"], unk_id=c["unk_id"],
                  bos_id=c["bos_id"], eos_id=c["eos_id"], ln_eps=eps)


def learned_clip(exported):
    """The float32 clip that export.py writes as `exported` (it writes float32(clip + 1e-4))."""
    clip = np.float32(exported - 1e-4)
    for candidate in (clip, np.nextafter(clip, np.float32(0)), np.nextafter(clip, np.float32(np.inf))):
        if np.float32(float(candidate) + 1e-4) == np.float32(exported):
            return candidate
    return clip


def state_dict_from(tensors, model):
    state = model.state_dict()
    assigned = set()
    for name, array in tensors.items():
        key = state_key(name)
        if key is None or name.endswith(".scale"):
            continue
        value = torch.from_numpy(array.astype("float32"))
        if name.endswith(".weight"):
            scale = torch.from_numpy(tensors[name[:-len("weight")] + "scale"].astype("float32"))
            value = value * scale[:, None]
        elif name.endswith(".clip"):
            value = torch.tensor(learned_clip(float(array[0])))
        if state[key].shape != value.shape:
            raise SystemExit(f"{name}: shape {list(value.shape)}, the model has {list(state[key].shape)}")
        state[key] = value
        assigned.add(key)
    unset = [k for k, v in state.items() if k not in assigned and v.dtype.is_floating_point
             and not k.endswith(".observed")]
    if unset:
        raise SystemExit(f"the file leaves {', '.join(unset[:5])} unset")
    return state


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", help=".mnmt file")
    ap.add_argument("--out", required=True, help="checkpoint to write")
    args = ap.parse_args()

    c, metadata, _, tensors = read_model(args.model)
    cfg = model_config(c, metadata)
    model = Transformer(cfg)
    state = state_dict_from(tensors, model)
    model.load_state_dict(state)
    step = (metadata.get("checkpoint") or {}).get("step")
    checkpoint = {"model": model.state_dict(), "average": None, "optimizer": None, "config": cfg.to_dict(),
                  "step": step, "epoch": 0, "batch_index": 0, "best": float("inf"), "qat": True,
                  "src": c["source_language"], "tgt": c["target_language"], "weights": "raw",
                  "imported_from": os.path.basename(args.model)}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    torch.save(checkpoint, args.out)
    print(f"{args.out}: {sum(p.numel() for p in model.parameters())} parameters from {args.model} "
          f"({c['source_language']}-{c['target_language']}, exported at step {step})")


if __name__ == "__main__":
    main()
