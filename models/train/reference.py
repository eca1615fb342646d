#!/usr/bin/python3
"""Python reference of the engine: the exact int8 forward pass and decoding of docs/numerics.md.

  reference.py MODEL.mnmt < sentences        output token ids of each line (greedy), space-separated
  reference.py MODEL.mnmt --beam 4 < ...     beam search (numerics §8) instead
  reference.py MODEL.mnmt --logits < ...     the first decoding step's logits of each line ('%.9g')
  reference.py MODEL.mnmt --calibrate < ...  JSON of max |x| at every activation clip (float forward)

Source ids are SentencePiece encode(line) + [eos]; a blank line gives an empty output line, and a
line of more than max_positions - 1 tokens is an error (as in the engine). The same layer code runs with two backends:
Exact (int8 GEMMs and the float32 operations of numerics.py, bit-identical to the C++ engine) and
Float (float64, activations unquantized; records max |x| at each quantization point for calibration).
"""
import argparse
import json
import os
import sys
from collections import namedtuple

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # small matrices: threads only cost time
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numerics as nm  # noqa: E402
from mnmt_format import read_model  # noqa: E402

F = np.float32
QT = namedtuple("QT", "q step")  # a quantized activation: int8 values and their step (float: step None)


class Model:
    """A loaded model: config and tensors; linear layers indexed by name (`embed` is the logits GEMM)."""

    def __init__(self, config, tensors, spm_bytes=None):
        self.c, self.t, self.spm_bytes = config, tensors, spm_bytes
        self.d, self.heads = config["d_model"], config["n_heads"]
        self.pre = config["norm_position"] == 0
        self.act = ("relu", "gelu")[config["activation"]]
        self.linears = {n[:-len(".weight")] for n in tensors if n.endswith(".weight")}
        self._exact = None

    @property
    def exact(self):
        if self._exact is None:
            self._exact = Exact(self)
        return self._exact

    def linear_params(self, name):
        bias = self.t["logits.bias"] if name == "embed" else self.t[name + ".bias"]
        return self.t[name + ".weight"], self.t[name + ".scale"], bias

    def src_len_limit(self, src_len):
        c = self.c
        return nm.length_limit(c["length_ratio"], c["length_offset"], src_len, c["max_positions"])


class Exact:
    """Bit-exact int8 engine arithmetic."""

    def __init__(self, m):
        self.m = m
        self.clips = {n: nm.clip_constants(a) for n, a in m.t.items() if n.endswith(".clip")}
        self.w64 = {n: m.t[n + ".weight"].astype(np.float64) for n in m.linears}
        self.row_mul = m.t["embed.scale"] * F(m.c["embed_scale"])

    def quant(self, x, clip):
        inv, step = self.clips[clip]
        return QT(nm.quantize(x, inv), step)

    def linear(self, h, name, act=None):
        _, scale, bias = self.m.linear_params(name)
        return nm.epilogue(nm.int_matmul(h.q, self.w64[name]), F(h.step) * scale, bias, act)

    def attention(self, q, k, v):
        return nm.attention(q.q, k.q, v.q, self.m.heads, q.step, k.step, v.step)

    def ln(self, x, name):
        return nm.layer_norm(x, self.m.t[name + ".gamma"], self.m.t[name + ".beta"], self.m.c["ln_eps"])

    def embed(self, ids, pos0):
        ids = np.asarray(ids)
        x = self.m.t["embed.weight"][ids].astype(F) * self.row_mul[ids][..., None]
        return nm.f32(x + self.m.t["positions"][pos0:pos0 + ids.shape[-1]])


class Float:
    """float64 forward with unquantized activations (dequantized weights); records max |x| per clip."""

    def __init__(self, m):
        self.m, self.observed = m, {}
        self.w = {}
        for n in m.linears:
            w, s, b = m.linear_params(n)
            self.w[n] = (w.astype(np.float64) * s.astype(np.float64)[:, None], b.astype(np.float64))

    def quant(self, x, clip):
        self.observed[clip] = max(self.observed.get(clip, 0.0), float(np.abs(x).max()))
        return QT(x, None)

    def linear(self, h, name, act=None):
        w, b = self.w[name]
        t = h.q @ w.T + b
        if act == "relu":
            return np.maximum(t, 0.0)
        if act == "gelu":
            return 0.5 * t * (1.0 + np.tanh(0.7978845608 * (t + 0.044715 * t ** 3)))
        return t

    def attention(self, q, k, v):
        H = self.m.heads
        split = lambda x: np.swapaxes(x.q.reshape(x.q.shape[:-1] + (H, -1)), -2, -3)
        qh, kh, vh = split(q), split(k), split(v)
        s = qh @ np.swapaxes(kh, -1, -2) / np.sqrt(qh.shape[-1])
        p = np.exp(s - s.max(-1, keepdims=True))
        ctx = np.swapaxes((p / p.sum(-1, keepdims=True)) @ vh, -2, -3)
        return ctx.reshape(ctx.shape[:-2] + (-1,))

    def ln(self, x, name):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        y = (x - mean) / np.sqrt(var + self.m.c["ln_eps"])
        return y * self.m.t[name + ".gamma"] + self.m.t[name + ".beta"]

    def embed(self, ids, pos0):
        ids = np.asarray(ids)
        x = self.m.t["embed.weight"][ids] * (self.m.t["embed.scale"][ids].astype(np.float64) * self.m.c["embed_scale"])[..., None]
        return x + self.m.t["positions"][pos0:pos0 + ids.shape[-1]]


# ---- the transformer (numerics §7), written once for both backends --------------------------------

def sublayer(ops, x, ln_name, fn, pre):
    """Pre-LN: x + fn(quant(LN(x))); post-LN: LN(x + fn(quant(x)))."""
    if pre:
        return x + fn(ops.quant(ops.ln(x, ln_name), ln_name + ".clip"))
    return ops.ln(x + fn(ops.quant(x, ln_name + ".clip")), ln_name)


def self_attention(ops, m, h, p, kind, out_name, cache=None):
    d = m.d
    qkv = ops.linear(h, p + "qkv")
    q, k, v = (ops.quant(qkv[..., i * d:(i + 1) * d], f"{p}{kind}.{x}.clip") for i, x in enumerate("qkv"))
    if cache is not None:  # decoder: append this position to the K/V cache
        if cache:
            k = QT(np.concatenate([cache[0].q, k.q], axis=-2), k.step)
            v = QT(np.concatenate([cache[1].q, v.q], axis=-2), v.step)
        cache[:] = [k, v]
    ctx = ops.attention(q, k, v)
    return ops.linear(ops.quant(ctx, f"{p}{kind}.ctx.clip"), out_name)


def ffn(ops, m, h, p):
    hidden = ops.linear(h, p + "ffn1", m.act)
    return ops.linear(ops.quant(hidden, p + "ffn.clip"), p + "ffn2")


def encode(ops, m, src_ids):
    """Encoder over one sentence; returns the cross K/V of every decoder layer ([1, Ts, d] each)."""
    x = ops.embed([src_ids], 0)
    for i in range(m.c["n_enc_layers"]):
        p = f"enc.{i}."
        x = sublayer(ops, x, p + "ln1", lambda h: self_attention(ops, m, h, p, "attn", p + "out"), m.pre)
        x = sublayer(ops, x, p + "ln2", lambda h: ffn(ops, m, h, p), m.pre)
    h = ops.quant(ops.ln(x, "enc.ln") if m.pre else x, "enc.out.clip")
    kv = ops.linear(h, "cross_kv")
    d = m.d
    return [(ops.quant(kv[..., 2 * j * d:(2 * j + 1) * d], f"dec.{j}.cross.k.clip"),
             ops.quant(kv[..., (2 * j + 1) * d:(2 * j + 2) * d], f"dec.{j}.cross.v.clip"))
            for j in range(m.c["n_dec_layers"])]


def decoder_step(ops, m, cross, caches, tokens, t):
    """One decoder position t for a batch of hypotheses (tokens [nb]); caches are updated; logits [nb, V]."""
    y = ops.embed(np.asarray(tokens)[:, None], t)
    for j in range(m.c["n_dec_layers"]):
        p = f"dec.{j}."
        ck, cv = cross[j]

        def cross_attention(h):
            q = ops.quant(ops.linear(h, p + "cross_q"), p + "cross.q.clip")
            return ops.linear(ops.quant(ops.attention(q, ck, cv), p + "cross.ctx.clip"), p + "cross_out")

        y = sublayer(ops, y, p + "ln1", lambda h: self_attention(ops, m, h, p, "self", p + "self_out", caches[j]), m.pre)
        y = sublayer(ops, y, p + "ln2", cross_attention, m.pre)
        y = sublayer(ops, y, p + "ln3", lambda h: ffn(ops, m, h, p), m.pre)
    h = ops.quant(ops.ln(y, "dec.ln") if m.pre else y, "dec.out.clip")
    return ops.linear(h, "embed")[:, 0, :]


# ---- decoding (numerics §8) ----------------------------------------------------------------------

def source_ids(m, sp, line):
    """encode(line) + [eos]; like the engine, refuses more than max_positions - 1 tokens."""
    ids = sp.encode(line)
    if len(ids) > m.c["max_positions"] - 1:
        raise ValueError(f"{len(ids)} tokens; this model accepts at most {m.c['max_positions'] - 1}")
    return ids + [m.c["eos_id"]]


def greedy(m, src, ops=None):
    ops = ops or m.exact
    cross = encode(ops, m, src)
    caches = [[] for _ in range(m.c["n_dec_layers"])]
    out, tok = [], m.c["bos_id"]
    for t in range(m.src_len_limit(len(src))):
        tok = int(np.argmax(decoder_step(ops, m, cross, caches, [tok], t)[0]))  # first maximum = lowest id
        if tok == m.c["eos_id"]:
            break
        out.append(tok)
    return out


def first_logits(m, src):
    ops = m.exact
    caches = [[] for _ in range(m.c["n_dec_layers"])]
    return decoder_step(ops, m, encode(ops, m, src), caches, [m.c["bos_id"]], 0)[0]


def top_k(x, k):
    """Indices of the k largest values, best first; ties by lower index (= hypothesis, then token)."""
    kth = np.partition(x, x.size - k)[x.size - k] if x.size > k else x.min()
    cand = np.flatnonzero(x >= kth)
    return cand[np.lexsort((cand, -x[cand]))][:k]


def beam_search(m, src, beam, alpha=1.5):
    """Each step ranks every (hypothesis, token) by cumulative log-prob (ties: lower hypothesis index,
    then lower token id) and keeps the best `beam`; those ending in eos are finished with score / lp(len).
    Stops once `beam` hypotheses have finished or after max_len steps; if fewer than `beam` finished,
    the active ones are finished as they stand (len = tokens, no eos). The best normalized score
    wins; ties go to the one finished first."""
    ops = m.exact
    V, eos = m.c["vocab_size"], m.c["eos_id"]
    cross = encode(ops, m, src)
    caches = [[] for _ in range(m.c["n_dec_layers"])]
    scores, hyps = np.zeros(1, F), [[]]
    finished = []  # (normalized score, tokens)
    for t in range(m.src_len_limit(len(src))):
        last = [h[-1] if h else m.c["bos_id"] for h in hyps]
        logp = nm.log_softmax(decoder_step(ops, m, cross, caches, last, t))
        total = (scores[:, None] + logp).reshape(-1)
        nm.f32(total)
        keep, new_scores, new_hyps = [], [], []
        for idx in top_k(total, beam):
            i, v = divmod(int(idx), V)
            if v == eos:
                finished.append((total[idx] / nm.length_penalty(len(hyps[i]) + 1, alpha), hyps[i]))
            else:
                keep.append(i)
                new_scores.append(total[idx])
                new_hyps.append(hyps[i] + [v])
        if len(finished) >= beam or not keep:
            hyps = []
            break
        for cache in caches:
            cache[:] = [QT(x.q[keep], x.step) for x in cache]
        scores, hyps = np.array(new_scores, F), new_hyps
    if len(finished) < beam:
        finished += [(s / nm.length_penalty(len(h), alpha), h) for s, h in zip(scores, hyps)]
    best = max(range(len(finished)), key=lambda k: (finished[k][0], -k))
    return finished[best][1]


def calibrate(m, sources):
    """Float forward (encoder + greedy float decoding) over source id lists; max |x| per clip name."""
    ops = Float(m)
    for src in sources:
        greedy(m, src, ops)
    return ops.observed


def load(path):
    config, _, spm_bytes, tensors = read_model(path)
    return Model(config, tensors, spm_bytes)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--beam", type=int, default=0, help="beam width (0: greedy)")
    ap.add_argument("--alpha", type=float, default=1.5, help="beam length-penalty alpha (the engine's default)")
    ap.add_argument("--logits", action="store_true", help="print the first step's logits instead of ids")
    ap.add_argument("--calibrate", action="store_true", help="print max |x| per clip (JSON) instead of ids")
    args = ap.parse_args()
    import sentencepiece as spm
    m = load(args.model)
    sp = spm.SentencePieceProcessor(model_proto=m.spm_bytes)
    lines = sys.stdin.buffer.read().decode("utf-8").split("\n")
    if lines[-1] == "":
        lines.pop()
    sources = []
    for number, line in enumerate(lines, 1):
        try:  # a blank line is no sentence for the engine: it gets an empty line
            sources.append(source_ids(m, sp, line.rstrip("\r")) if line.strip() else None)
        except ValueError as e:
            sys.exit(f"line {number}: {e}")
    if args.calibrate:
        print(json.dumps(calibrate(m, [s for s in sources if s]), indent=1, sort_keys=True))
        return
    for src in sources:
        if src is None:
            out = []
        elif args.logits:
            out = ["%.9g" % x for x in first_logits(m, src)]
        elif args.beam > 0:
            out = beam_search(m, src, args.beam, args.alpha)
        else:
            out = greedy(m, src)
        print(" ".join(map(str, out)), flush=True)


if __name__ == "__main__":
    main()
