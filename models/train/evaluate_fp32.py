#!/usr/bin/python3
"""BLEU of a train.py checkpoint in PyTorch fp32 (fake quantization off), greedy, on the test sets of
evaluate.sh, scored by the engine's own scorer (`mobilenmt bleu`). The int8 figures come from
evaluate.sh on the exported .mnmt; the two together give the cost of quantization.

  evaluate_fp32.py --checkpoint best.pt --direction en-de [--limit N] [--threads 2]

Prints the same markdown table as evaluate.sh, with a greedy column only. Each line is translated
as one piece, where the engine splits a line into sentences first (test lines are single sentences
almost always).
"""
import argparse
import os
import subprocess
import sys
import tempfile

import sentencepiece as spm
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "../.."))
sys.path.insert(0, HERE)
from model import Config, Transformer  # noqa: E402
from numerics import length_limit  # noqa: E402

SETS = ("tatoeba", "newstest2014", "flores", "multi30k")
ISO = {"en": "eng", "de": "deu"}
LENGTH_RATIO, LENGTH_OFFSET = 1.5, 10  # export.py's defaults, which the shipped models use


def test_lines(data, name, lang, limit):
    path = {
        "tatoeba": f"{data}/tatoeba-test-deu-eng/tatoeba-test-v2021-08-07.{ISO[lang]}",
        "newstest2014": f"{data}/wmt-news-de-en/newstest2014.{lang}",
        "flores": f"{data}/flores101-devtest/{ISO[lang]}.devtest",
        "multi30k": f"{data}/multi30k/test_2016_flickr.{lang}.gz",
    }[name]
    if path.endswith(".gz"):
        import gzip
        with gzip.open(path, "rt", encoding="utf-8") as f:
            lines = f.read().split("\n")
    else:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines[:limit] if limit else lines


def load(checkpoint):
    ckpt = torch.load(checkpoint, map_location="cpu")
    model = Transformer(Config(**ckpt["config"]))
    model.load_state_dict(ckpt["model"])
    model.set_quantized(False)
    return model.eval(), ckpt.get("step")


@torch.no_grad()
def translate(model, sp, lines, batch_size):
    cfg = model.cfg
    ids = [sp.encode(line)[: cfg.max_positions - 1] + [cfg.eos_id] for line in lines]
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out = [""] * len(ids)
    for start in range(0, len(order), batch_size):
        chunk = order[start:start + batch_size]
        width = max(len(ids[i]) for i in chunk)
        src = torch.full((len(chunk), width), cfg.pad_id, dtype=torch.long)
        for row, i in enumerate(chunk):
            src[row, : len(ids[i])] = torch.tensor(ids[i])
        # Like the engine (numerics.md §8): |src| counts the appended eos.
        limits = [length_limit(LENGTH_RATIO, LENGTH_OFFSET, len(ids[i]), cfg.max_positions) for i in chunk]
        hyp = model.greedy(src, max(limits)).tolist()
        for row, i in enumerate(chunk):
            tokens = hyp[row][: limits[row]]
            if cfg.eos_id in tokens:
                tokens = tokens[: tokens.index(cfg.eos_id)]
            out[i] = sp.decode([t for t in tokens if t != cfg.pad_id])
    return out


def bleu(hypotheses, references):
    with tempfile.TemporaryDirectory() as tmp:
        ref = os.path.join(tmp, "ref")
        with open(ref, "w", encoding="utf-8") as f:
            f.write("".join(r + "\n" for r in references))
        result = subprocess.run([os.path.join(REPO, "build/mobilenmt"), "bleu", "--ref", ref],
                                input="".join(h + "\n" for h in hypotheses), capture_output=True, text=True,
                                check=True)
    return result.stdout.splitlines()[0].removeprefix("BLEU = ")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--direction", default="en-de", choices=("en-de", "de-en"))
    ap.add_argument("--spm", default=os.path.join(REPO, "models/vocab/en-de.spm8k.model"))
    ap.add_argument("--data", default=os.environ.get("DATA", os.path.join(REPO, "../shared/data")))
    ap.add_argument("--limit", type=int, default=0, help="first N lines of each set (0: all)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    src, tgt = args.direction.split("-")
    model, step = load(args.checkpoint)
    sp = spm.SentencePieceProcessor(model_file=args.spm)
    print(f"<!-- fp32 PyTorch, {args.checkpoint} (step {step}), greedy -->")
    print("| test set | lines | fp32 greedy BLEU |")
    print("|---|---|---|")
    for name in SETS:
        sources, references = test_lines(args.data, name, src, args.limit), test_lines(args.data, name, tgt, args.limit)
        print(f"| {name} | {len(sources)} | {bleu(translate(model, sp, sources, args.batch_size), references)} |",
              flush=True)


if __name__ == "__main__":
    main()
