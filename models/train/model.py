"""The MobileNMT transformer in PyTorch, with the engine's quantization points.

The layer structure, tensor names and every quantization point mirror the C++ engine
(docs/numerics.md). With quantization off it is a plain fp32 pre-LN transformer; with it on
(`model.set_quantized(True)`) every GEMM input is fake-quantized to int8 exactly where the engine
quantizes, weights per output row by their max-abs, activations by learned clip values
(straight-through estimator), attention probabilities to 1/127 steps.
Runs on torch 1.13 and 2.x (no scaled_dot_product_attention).
"""
import math
from dataclasses import dataclass, asdict

import torch
import torch.nn as nn
import torch.nn.functional as F

from dropout import Dropout

QMAX = 127.0


@dataclass
class Config:
    vocab_size: int = 8000
    d_model: int = 256
    n_heads: int = 4
    d_ffn: int = 1024
    n_enc_layers: int = 12
    n_dec_layers: int = 2
    activation: str = "relu"        # relu | gelu
    max_positions: int = 256
    dropout: float = 0.1
    pad_id: int = 0
    unk_id: int = 1
    bos_id: int = 2
    eos_id: int = 3
    ln_eps: float = 1e-5

    def to_dict(self):
        return asdict(self)


class _FakeQuant(torch.autograd.Function):
    """clamp(round(x / scale)) * scale with the straight-through gradient, as one autograd node.
    The forward keeps what the backward needs instead of recomputing it: which values were not
    clamped (bool) and, when the scale is learned, the LSQ term d(q * scale)/d scale = q - u
    inside the clip range and q outside."""

    @staticmethod
    def forward(ctx, x, scale):
        u = x / scale
        q = torch.round(u).clamp_(-QMAX, QMAX)
        residual = q - u if ctx.needs_input_grad[1] else None
        inside = u.abs_() < QMAX + 0.5  # round(u) was not clamped
        lsq_term = torch.where(inside, residual, q) if residual is not None else None
        ctx.save_for_backward(inside, lsq_term, scale)
        return q.mul_(scale)

    @staticmethod
    def backward(ctx, grad):
        inside, lsq_term, scale = ctx.saved_tensors
        grad_x = torch.where(inside, grad, torch.zeros((), dtype=grad.dtype, device=grad.device))
        grad_scale = None
        if lsq_term is not None:
            grad_scale = (grad.float() * lsq_term.float()).sum_to_size(scale.shape).to(scale.dtype)
        return grad_x, grad_scale


class _RoundProbabilities(torch.autograd.Function):
    """Attention probabilities to steps of 1/127, gradient straight through."""

    @staticmethod
    def forward(ctx, probs):
        return torch.round(probs * QMAX) / QMAX

    @staticmethod
    def backward(ctx, grad):
        return grad


def fake_quant(x, clip):
    """Symmetric int8 with a learned clip (LSQ-style gradient through the clip)."""
    return _FakeQuant.apply(x, clip / QMAX)


def fake_quant_weight(w):
    """Per-output-row max-abs int8, as the exporter does."""
    scale = w.detach().abs().amax(dim=1, keepdim=True).clamp_min(1e-8) / QMAX
    return _FakeQuant.apply(w, scale)


def quantize_probabilities(probs):
    return _RoundProbabilities.apply(probs)


class ActQuant(nn.Module):
    """An activation quantization point: identity until enabled; then int8 with a learned clip.
    While calibrating, records the running 99.99th percentile of |x| to initialise the clip."""

    def __init__(self):
        super().__init__()
        self.clip = nn.Parameter(torch.tensor(8.0))
        self.enabled = False
        self.calibrating = False
        self.register_buffer("observed", torch.tensor(0.0))
        self.register_buffer("observations", torch.tensor(0))

    def forward(self, x):
        if self.calibrating:
            with torch.no_grad():
                flat = x.detach().abs().flatten().float()
                if flat.numel() > 200000:
                    flat = flat[torch.randint(0, flat.numel(), (200000,), device=flat.device)]
                value = torch.quantile(flat, 0.9999)
                n = self.observations.item()
                self.observed.copy_((self.observed * n + value) / (n + 1))
                self.observations += 1
        if not self.enabled:
            return x
        return fake_quant(x, self.clip.abs() + 1e-4)


class QLinear(nn.Linear):
    """Linear layer whose weight is fake-quantized per output row when quantization is on."""

    quantized = False

    def forward(self, x):
        w = fake_quant_weight(self.weight) if self.quantized else self.weight
        return F.linear(x, w, self.bias)


def sinusoid_table(n_positions, d_model):
    position = torch.arange(n_positions, dtype=torch.float64).unsqueeze(1)
    div = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float64) * (-math.log(10000.0) / d_model))
    table = torch.zeros(n_positions, d_model, dtype=torch.float64)
    table[:, 0::2] = torch.sin(position * div)
    table[:, 1::2] = torch.cos(position * div)
    return table.float()


def activation_fn(name):
    return F.relu if name == "relu" else (lambda x: F.gelu(x, approximate="tanh"))


class Attention(nn.Module):
    """Multi-head attention core: quantized q/k/v, integer-friendly probabilities."""

    def __init__(self, cfg):
        super().__init__()
        self.n_heads = cfg.n_heads
        self.d_head = cfg.d_model // cfg.n_heads
        self.q_quant, self.k_quant, self.v_quant = ActQuant(), ActQuant(), ActQuant()
        self.ctx_quant = ActQuant()
        self.dropout = Dropout(cfg.dropout)
        self.quantize_probs = False

    def split(self, x):
        b, t, _ = x.shape
        return x.view(b, t, self.n_heads, self.d_head).transpose(1, 2)

    def forward(self, q, k, v, mask):
        """q [B,Tq,D], k/v [B,Tk,D] already projected; mask broadcastable to [B,H,Tq,Tk], True = keep."""
        q, k, v = self.split(self.q_quant(q)), self.split(self.k_quant(k)), self.split(self.v_quant(v))
        scores = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(self.d_head))
        scores = scores.masked_fill(~mask, float("-inf"))
        probs = torch.softmax(scores, dim=-1)
        if self.quantize_probs:
            probs = quantize_probabilities(probs)
        probs = self.dropout(probs)
        ctx = torch.matmul(probs, v).transpose(1, 2).reshape(q.shape[0], -1, self.n_heads * self.d_head)
        return self.ctx_quant(ctx)


class EncoderLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg.d_model
        self.ln1, self.ln2 = nn.LayerNorm(d, eps=cfg.ln_eps), nn.LayerNorm(d, eps=cfg.ln_eps)
        self.ln1_quant, self.ln2_quant, self.ffn_quant = ActQuant(), ActQuant(), ActQuant()
        self.qkv = QLinear(d, 3 * d)
        self.attn = Attention(cfg)
        self.out = QLinear(d, d)
        self.ffn1, self.ffn2 = QLinear(d, cfg.d_ffn), QLinear(cfg.d_ffn, d)
        self.act = activation_fn(cfg.activation)
        self.dropout = Dropout(cfg.dropout)

    def forward(self, x, mask):
        q, k, v = self.qkv(self.ln1_quant(self.ln1(x))).chunk(3, dim=-1)
        x = x + self.dropout(self.out(self.attn(q, k, v, mask)))
        h = self.ffn_quant(self.act(self.ffn1(self.ln2_quant(self.ln2(x)))))
        return x + self.dropout(self.ffn2(self.dropout(h)))


class DecoderLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg.d_model
        self.ln1, self.ln2, self.ln3 = (nn.LayerNorm(d, eps=cfg.ln_eps) for _ in range(3))
        self.ln1_quant, self.ln2_quant, self.ln3_quant, self.ffn_quant = (ActQuant() for _ in range(4))
        self.qkv = QLinear(d, 3 * d)
        self.self_attn = Attention(cfg)
        self.self_out = QLinear(d, d)
        self.cross_q = QLinear(d, d)
        self.cross_attn = Attention(cfg)
        self.cross_out = QLinear(d, d)
        self.ffn1, self.ffn2 = QLinear(d, cfg.d_ffn), QLinear(cfg.d_ffn, d)
        self.act = activation_fn(cfg.activation)
        self.dropout = Dropout(cfg.dropout)

    def forward(self, y, cross_k, cross_v, self_mask, cross_mask):
        q, k, v = self.qkv(self.ln1_quant(self.ln1(y))).chunk(3, dim=-1)
        y = y + self.dropout(self.self_out(self.self_attn(q, k, v, self_mask)))
        q = self.cross_q(self.ln2_quant(self.ln2(y)))
        y = y + self.dropout(self.cross_out(self.cross_attn(q, cross_k, cross_v, cross_mask)))
        h = self.ffn_quant(self.act(self.ffn1(self.ln3_quant(self.ln3(y)))))
        return y + self.dropout(self.ffn2(self.dropout(h)))


class Transformer(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.cfg = cfg
        d = cfg.d_model
        self.embed = nn.Parameter(torch.randn(cfg.vocab_size, d) * d ** -0.5)
        self.embed_scale = math.sqrt(d)
        self.register_buffer("positions", sinusoid_table(cfg.max_positions, d), persistent=False)
        self.encoder = nn.ModuleList(EncoderLayer(cfg) for _ in range(cfg.n_enc_layers))
        self.decoder = nn.ModuleList(DecoderLayer(cfg) for _ in range(cfg.n_dec_layers))
        self.enc_ln, self.dec_ln = nn.LayerNorm(d, eps=cfg.ln_eps), nn.LayerNorm(d, eps=cfg.ln_eps)
        self.enc_out_quant, self.dec_out_quant = ActQuant(), ActQuant()
        # Cross-attention K/V of every decoder layer in one projection of the encoder output.
        self.cross_kv = QLinear(d, 2 * d * cfg.n_dec_layers)
        self.logits_bias = nn.Parameter(torch.zeros(cfg.vocab_size))
        self.dropout = Dropout(cfg.dropout)
        self.quantized = False

    def set_quantized(self, on: bool):
        self.quantized = on
        for m in self.modules():
            if isinstance(m, ActQuant):
                m.enabled = on
            elif isinstance(m, QLinear):
                m.quantized = on
            elif isinstance(m, Attention):
                m.quantize_probs = on

    def set_calibrating(self, on: bool):
        for m in self.modules():
            if isinstance(m, ActQuant):
                m.calibrating = on

    def embed_tokens(self, ids):
        table = fake_quant_weight(self.embed) if self.quantized else self.embed
        x = F.embedding(ids, table) * self.embed_scale
        return x + self.positions[: ids.shape[1]].unsqueeze(0)

    def encode(self, src):
        keep = (src != self.cfg.pad_id)[:, None, None, :]
        x = self.dropout(self.embed_tokens(src))
        for layer in self.encoder:
            x = layer(x, keep)
        return self.enc_out_quant(self.enc_ln(x)), keep

    def cross_keys_values(self, memory):
        kv = self.cross_kv(memory).chunk(2 * self.cfg.n_dec_layers, dim=-1)
        return [(kv[2 * i], kv[2 * i + 1]) for i in range(self.cfg.n_dec_layers)]

    def decoder_states(self, tgt_in, cross, src_keep):
        t = tgt_in.shape[1]
        causal = torch.ones(t, t, dtype=torch.bool, device=tgt_in.device).tril()[None, None]
        y = self.dropout(self.embed_tokens(tgt_in))
        for layer, (k, v) in zip(self.decoder, cross):
            y = layer(y, k, v, causal, src_keep)
        return self.dec_out_quant(self.dec_ln(y))

    def decode(self, tgt_in, memory, src_keep):
        return self.logits(self.decoder_states(tgt_in, self.cross_keys_values(memory), src_keep))

    def logits(self, h):
        table = fake_quant_weight(self.embed) if self.quantized else self.embed
        return F.linear(h, table, self.logits_bias)

    def forward(self, src, tgt_in):
        memory, keep = self.encode(src)
        return self.decode(tgt_in, memory, keep)

    @torch.no_grad()
    def greedy(self, src, max_len):
        """Batched greedy decoding without a self-attention cache (evaluation only; the engine has the
        fast path): each step runs the decoder over the whole prefix, the logits only for its end."""
        memory, keep = self.encode(src)
        cross = self.cross_keys_values(memory)
        b = src.shape[0]
        out = torch.full((b, 1), self.cfg.bos_id, dtype=torch.long, device=src.device)
        done = torch.zeros(b, dtype=torch.bool, device=src.device)
        for _ in range(max_len):
            next_ids = self.logits(self.decoder_states(out, cross, keep)[:, -1]).argmax(-1)
            next_ids = torch.where(done, torch.full_like(next_ids, self.cfg.pad_id), next_ids)
            out = torch.cat([out, next_ids[:, None]], dim=1)
            done |= next_ids == self.cfg.eos_id
            if done.all():
                break
        return out[:, 1:]
