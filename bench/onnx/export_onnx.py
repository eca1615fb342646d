#!/usr/bin/python3
"""Export a train.py checkpoint to ONNX for the onnxruntime peers (fp32, opset 17).

  export_onnx.py --checkpoint CKPT.pt --out DIR

Writes DIR/encoder.onnx (source ids -> cross-attention K/V of every decoder layer), DIR/decoder.onnx
(one greedy step: token + self-attention K/V cache -> logits + grown cache), DIR/weights.bin (every
initializer of both graphs, each distinct tensor once, so the tied embedding is stored once),
DIR/config.json (names and shapes for bench/onnx/greedy.mjs) and DIR/check.json (a teacher-forced
decoding with the full model's logits, checked on onnxruntime by bench/onnx/check.mjs). Before writing,
the exported modules are checked against the full PyTorch model's logits.
"""
import argparse
import hashlib
import io
import json
import os
import sys

import onnx
import torch
from onnx.external_data_helper import set_external_data

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../torch"))
from step_model import DecoderStep, Encoder, empty_cache, load_model  # noqa: E402

OPSET = 17
WEIGHTS = "weights.bin"
ALIGN = 64
INLINE_BELOW = 1024  # bytes: small tensors (shape arguments among them) stay in the graph
TOLERANCE = 1e-4  # max |logit difference| between the step modules and the full model
CHECK_STEPS = 6


def names(cfg):
    layers = range(cfg.n_dec_layers)
    cross = [f"cross_{kv}_{i}" for i in layers for kv in "kv"]
    return cross, [f"past_{kv}_{i}" for i in layers for kv in "kv"], [f"present_{kv}_{i}" for i in layers for kv in "kv"]


def teacher_forced_logits(encoder, step, model, src, targets):
    """Logits of each step of the cached modules, feeding `targets` (starting with bos)."""
    cross = list(encoder(src))
    cache = empty_cache(model)
    rows = []
    for token in targets:
        logits, *cache = step(torch.tensor([[token]]), *cross, *cache)
        rows.append(logits[0])
    return torch.stack(rows)


@torch.no_grad()
def check_against_model(model, encoder, step, src, targets):
    full = model(src, torch.tensor([targets]))[0]
    stepped = teacher_forced_logits(encoder, step, model, src, targets)
    diff = float((full - stepped).abs().max())
    if diff > TOLERANCE:
        raise SystemExit(f"export_onnx: the step modules differ from the model by {diff:.3g} (> {TOLERANCE})")
    return full, diff


def export(module, args, input_names, output_names, dynamic_axes):
    buffer = io.BytesIO()
    torch.onnx.export(module, args, buffer, opset_version=OPSET, input_names=input_names,
                      output_names=output_names, dynamic_axes=dynamic_axes,
                      do_constant_folding=False)  # folding would store a transposed copy of the tied embedding
    return onnx.load_from_string(buffer.getvalue())


def promote_constants(graph, min_bytes=1024):
    """Turns large Constant nodes (the position table) into initializers, so that externalize() can
    share them between the graphs."""
    for node in list(graph.graph.node):
        if node.op_type == "Constant" and node.attribute[0].name == "value" and len(node.attribute[0].t.raw_data) >= min_bytes:
            tensor = onnx.TensorProto()
            tensor.CopyFrom(node.attribute[0].t)
            tensor.name = node.output[0]
            graph.graph.initializer.append(tensor)
            graph.graph.node.remove(node)


def externalize(graphs, path):
    """Moves the initializers into one file, each distinct tensor once (the tied embedding, the
    position table); returns the file's size."""
    placed = {}
    with open(path, "wb") as out:
        for graph in graphs:
            promote_constants(graph)
            for tensor in graph.graph.initializer:
                data = tensor.raw_data
                if len(data) < INLINE_BELOW:
                    continue
                key = hashlib.sha256(data + tensor.data_type.to_bytes(4, "little")).digest()
                if key not in placed:
                    out.write(b"\0" * (-out.tell() % ALIGN))
                    placed[key] = out.tell()
                    out.write(data)
                set_external_data(tensor, WEIGHTS, offset=placed[key], length=len(data))
                tensor.data_location = onnx.TensorProto.EXTERNAL
                tensor.ClearField("raw_data")
        return out.tell()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    torch.manual_seed(0)
    model = load_model(args.checkpoint)
    cfg = model.cfg
    encoder, step = Encoder(model).eval(), DecoderStep(model).eval()
    cross_names, past_names, present_names = names(cfg)

    src = torch.tensor([list(range(100, 120)) + [cfg.eos_id]])
    targets = [cfg.bos_id] + list(range(200, 200 + CHECK_STEPS - 1))
    expected, diff = check_against_model(model, encoder, step, src, targets)

    with torch.no_grad():
        cross = list(encoder(src))
        past = [torch.zeros(1, cfg.n_heads, 3, cfg.d_model // cfg.n_heads) for _ in past_names]
        enc_graph = export(encoder, (src,), ["src_ids"], cross_names,
                           {"src_ids": {1: "src_len"}, **{n: {2: "src_len"} for n in cross_names}})
        dec_graph = export(step, (torch.tensor([[targets[0]]]), *cross, *past), ["token", *cross_names, *past_names],
                           ["logits", *present_names],
                           {**{n: {2: "src_len"} for n in cross_names}, **{n: {2: "past_len"} for n in past_names},
                            **{n: {2: "present_len"} for n in present_names}})
    for graph in (enc_graph, dec_graph):
        onnx.checker.check_model(graph)

    os.makedirs(args.out, exist_ok=True)
    weight_bytes = externalize((enc_graph, dec_graph), os.path.join(args.out, WEIGHTS))
    onnx.save(enc_graph, os.path.join(args.out, "encoder.onnx"))
    onnx.save(dec_graph, os.path.join(args.out, "decoder.onnx"))
    config = {"opset": OPSET, "vocab_size": cfg.vocab_size, "n_heads": cfg.n_heads, "d_head": cfg.d_model // cfg.n_heads,
              "n_dec_layers": cfg.n_dec_layers, "bos_id": cfg.bos_id, "eos_id": cfg.eos_id,
              "max_positions": cfg.max_positions, "cross": cross_names, "past": past_names, "present": present_names,
              "files": ["encoder.onnx", "decoder.onnx", WEIGHTS]}
    with open(os.path.join(args.out, "config.json"), "w") as fh:
        json.dump(config, fh, indent=1)
    with open(os.path.join(args.out, "check.json"), "w") as fh:
        json.dump({"src_ids": src[0].tolist(), "targets": targets, "logits": expected.tolist()}, fh)
    print(f"export_onnx: {args.out}: encoder.onnx, decoder.onnx, {WEIGHTS} ({weight_bytes / 1e6:.1f} MB); "
          f"step modules vs full model: max |logit diff| {diff:.2e}")


if __name__ == "__main__":
    main()
