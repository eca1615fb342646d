"""Shared paths and small builders for the Python pipeline tests."""
import math
import os
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRAIN = os.path.join(ROOT, "models", "train")
SPM = os.path.join(ROOT, "models", "vocab", "en-de.spm8k.model")
SENTENCES = os.path.join(ROOT, "tests", "fixtures", "sentences.en")
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
if TRAIN not in sys.path:
    sys.path.insert(0, TRAIN)


def tiny_config(**overrides):
    from mnmt_format import normalize_config
    c = {"vocab_size": 40, "d_model": 16, "n_heads": 2, "d_ffn": 24, "n_enc_layers": 2, "n_dec_layers": 1,
         "activation": "relu", "norm_position": "pre", "max_positions": 32, "pad_id": 0, "unk_id": 1,
         "bos_id": 2, "eos_id": 3, "embed_scale": math.sqrt(16), "ln_eps": 1e-5, "length_ratio": 1.5,
         "length_offset": 10, "source_language": "en", "target_language": "de"}
    c.update(overrides)
    return normalize_config(c)


def tiny_tensors(config, seed=0):
    """A complete random tensor set for `config` with every clip 1.0."""
    from make_test_model import random_tensors
    from mnmt_format import required_tensors
    t = random_tensors(config, np.random.default_rng(seed))
    for name in required_tensors(config):
        if name.endswith(".clip"):
            t[name] = np.ones(1, np.float32)
    return t


def run(args, stdin=None, timeout=120):
    return subprocess.run([PYTHON] + args, input=stdin, capture_output=True, check=True, timeout=timeout,
                          cwd=ROOT, text=True).stdout


def sentences():
    with open(SENTENCES, encoding="utf-8") as fh:
        return fh.read()
