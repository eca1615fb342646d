"""models/train/model.py's Transformer split for incremental decoding: batch 1, fp32, KV cache.

Encoder: source ids (SentencePiece ids + eos) -> the cross-attention keys and values of every decoder
layer, computed once. DecoderStep: one target token plus the self-attention cache -> next-token logits
and the grown cache. Both read the weights of the given Transformer (eval mode, quantization off), so
the same modules serve the ONNX export and the PyTorch baseline. Batch 1 means no padding, hence no masks.
"""
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../models/train"))
from model import Config, Transformer  # noqa: E402


class Heads:
    """Splits [1, T, D] into heads [1, H, T, dh] and attends; the arithmetic of model.Attention.
    Shapes come from the config, not the tensors, so the exported graph needs no shape arithmetic."""

    def __init__(self, cfg):
        self.n, self.size = cfg.n_heads, cfg.d_model // cfg.n_heads
        self.scale = 1.0 / math.sqrt(self.size)

    def split(self, x):
        return x.view(1, -1, self.n, self.size).transpose(1, 2)

    def attend(self, q, k, v):
        """q [1, H, Tq, dh], k/v [1, H, Tk, dh] -> context [1, Tq, D]."""
        probs = torch.softmax(torch.matmul(q, k.transpose(-1, -2)) * self.scale, dim=-1)
        return torch.matmul(probs, v).transpose(1, 2).reshape(1, -1, self.n * self.size)


def embed(model, ids, first_position):
    x = F.embedding(ids, model.embed) * model.embed_scale
    return x + model.positions.narrow(0, first_position, ids.shape[1]).unsqueeze(0)


class Encoder(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model, self.heads = model, Heads(model.cfg)

    def forward(self, src_ids):
        m, h = self.model, self.heads
        x = embed(m, src_ids, 0)
        for layer in m.encoder:
            q, k, v = layer.qkv(layer.ln1(x)).chunk(3, dim=-1)
            x = x + layer.out(h.attend(h.split(q), h.split(k), h.split(v)))
            x = x + layer.ffn2(layer.act(layer.ffn1(layer.ln2(x))))
        cross = m.cross_kv(m.enc_ln(x)).chunk(2 * m.cfg.n_dec_layers, dim=-1)
        return tuple(h.split(t) for t in cross)  # cross_k_0, cross_v_0, cross_k_1, ...


class DecoderStep(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model, self.heads = model, Heads(model.cfg)

    def forward(self, token, *caches):
        """token [1, 1]; caches: cross_k_i, cross_v_i for every layer, then past_k_i, past_v_i
        ([1, H, T, dh], T = tokens decoded so far). Returns logits [1, V], present_k_i, present_v_i."""
        m, h = self.model, self.heads
        layers = m.cfg.n_dec_layers
        cross, past = caches[:2 * layers], caches[2 * layers:]
        y = embed(m, token, past[0].shape[2])
        present = []
        for i, layer in enumerate(m.decoder):
            q, k, v = layer.qkv(layer.ln1(y)).chunk(3, dim=-1)
            k = torch.cat([past[2 * i], h.split(k)], dim=2)
            v = torch.cat([past[2 * i + 1], h.split(v)], dim=2)
            present += [k, v]
            y = y + layer.self_out(h.attend(h.split(q), k, v))
            y = y + layer.cross_out(h.attend(h.split(layer.cross_q(layer.ln2(y))), cross[2 * i], cross[2 * i + 1]))
            y = y + layer.ffn2(layer.act(layer.ffn1(layer.ln3(y))))
        logits = F.linear(m.dec_ln(y)[:, 0], m.embed, m.logits_bias)
        return (logits, *present)


def empty_cache(model):
    """The self-attention cache before the first step: T = 0 for every layer."""
    c = model.cfg
    shape = (1, c.n_heads, 0, c.d_model // c.n_heads)
    return [torch.zeros(shape) for _ in range(2 * c.n_dec_layers)]


def load_model(checkpoint_path):
    """The train.py checkpoint as an fp32 Transformer in eval mode (QAT fake quantization off)."""
    ckpt = torch.load(checkpoint_path, map_location="cpu")
    model = Transformer(Config(**ckpt["config"]))
    model.load_state_dict(ckpt["model"])
    model.set_quantized(False)
    return model.eval()
