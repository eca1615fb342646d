#!/usr/bin/python3
"""SentencePiece ids for the peers that take ids (onnxruntime, PyTorch), with the model's own vocabulary.

  tokens.py encode MODEL.mnmt IN.txt OUT.ids    one line of space-separated ids per line (no eos)
  tokens.py decode MODEL.mnmt IN.ids OUT.txt    the detokenized text of each line of ids
"""
import os
import sys

import sentencepiece as spm

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../models/train"))
from mnmt_format import read_model  # noqa: E402


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("encode", "decode"):
        raise SystemExit(__doc__)
    command, model, source, target = sys.argv[1:]
    processor = spm.SentencePieceProcessor(model_proto=read_model(model)[2])
    with open(source, encoding="utf-8") as fh:
        lines = fh.read().split("\n")[:-1]
    if command == "encode":
        out = [" ".join(map(str, ids)) for ids in processor.encode(lines)]
    else:
        out = [processor.decode([int(i) for i in line.split()]) for line in lines]
    with open(target, "w", encoding="utf-8") as fh:
        fh.writelines(line + "\n" for line in out)


if __name__ == "__main__":
    main()
