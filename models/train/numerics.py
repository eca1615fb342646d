"""The exact float32 operations of docs/numerics.md, vectorized with numpy.

A transcription of engine/src/kernels/vecops.cc and epilogue.cc: every function takes and returns
float32 (or integer) arrays, performs one rounded float32 operation per step in the order written
there, and never calls libm. Reductions and element functions act on the last axis.
"""
import numpy as np

F = np.float32
ZERO, ONE, Q = F(0.0), F(1.0), F(127.0)
INT32_LIMIT = 2 ** 31


def f32(x):
    x = np.asarray(x)
    assert x.dtype == np.float32, x.dtype
    return x


def rne(x):
    return np.rint(f32(x))


def csum(x):
    """Sixteen partial sums p[i % 16] in order, then the 8/4/2/1 fold (numerics §3)."""
    x = f32(x)
    n = x.shape[-1]
    m = -(-n // 16)
    if m * 16 != n:
        x = np.concatenate([x, np.zeros(x.shape[:-1] + (m * 16 - n,), F)], axis=-1)
    # add.accumulate is strictly sequential; "+ 0" turns a -0 partial into the +0 the C++ starts from.
    p = np.add.accumulate(x.reshape(x.shape[:-1] + (m, 16)), axis=-2)[..., -1, :] + ZERO
    for w in (8, 4, 2, 1):
        p = p[..., :w] + p[..., w:2 * w]
    return f32(p[..., 0])


def _pow2(n):
    return np.left_shift((n.astype(np.int32) + 127).astype(np.uint32), np.uint32(23)).view(F)


def exp_m(x):
    x = f32(x)
    underflow = x < F(-87.0)
    x = np.minimum(np.maximum(x, F(-87.0)), F(88.0))
    n = rne(x * F(1.44269504))
    r = x - n * F(0.693359375)
    r = r - n * F(-2.12194440e-4)
    p = F(1.9875691500e-4)
    for c in (1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1):
        p = p * r + F(c)
    y = p * (r * r)
    y = y + r
    y = y + ONE
    return f32(np.where(underflow, ZERO, y * _pow2(n)))


LOG_COEFFS = (-1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
              2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1)


def log_m(x):
    bits = np.ascontiguousarray(f32(x)).view(np.uint32)
    e = ((bits >> 23) & 0xFF).astype(np.int32) - 126
    m = ((bits & 0x007FFFFF) | 0x3F000000).astype(np.uint32).view(F)
    small = m < F(0.707106781186547524)
    e = np.where(small, e - 1, e)
    m = np.where(small, m + m, m)
    f = m - ONE
    z = f * f
    p = F(7.0376836292e-2)
    for c in LOG_COEFFS:
        p = p * f + F(c)
    fe = e.astype(F)
    y = p * f
    y = y * z
    y = y + fe * F(-2.12194440e-4)
    y = y - F(0.5) * z
    r = f + y
    r = r + fe * F(0.693359375)
    return f32(r)


def tanh_m(u):
    u = f32(u)
    a = np.where(u < ZERO, -u, u)
    e = exp_m(F(-2.0) * a)
    t = np.where(a >= F(9.0), ONE, (ONE - e) / (ONE + e))
    return f32(np.where(u < ZERO, -t, t))


def gelu_m(t):
    t = f32(t)
    u = t * t
    u = u * t
    u = u * F(0.044715)
    u = u + t
    u = u * F(0.7978845608)
    g = tanh_m(u)
    g = g + ONE
    g = g * t
    return f32(g * F(0.5))


def relu(t):
    t = f32(t)
    return np.where(t > ZERO, t, ZERO)


def clip_constants(clip):
    """(inv, step) of an activation clip, in float32 (numerics §1)."""
    c = F(np.asarray(clip, F).reshape(-1)[0])
    return F(Q / c), F(c / Q)


def quantize(x, inv):
    t = f32(x) * F(inv)
    t = np.minimum(np.maximum(t, F(-127.0)), Q)
    return np.rint(t).astype(np.int8)


def quantize_weight(w):
    """Per-row int8 weights and float32 scales as the exporter makes them (numerics §1)."""
    w = np.asarray(w, F)
    scale = np.maximum(np.max(np.abs(w), axis=1), F(1e-8)) / Q
    q = np.clip(np.rint(w / scale[:, None]), -127, 127).astype(np.int8)
    return q, f32(scale)


def layer_norm(x, gamma, beta, eps):
    x = f32(x)
    d = F(x.shape[-1])
    mean = csum(x) / d
    diff = x - mean[..., None]
    var = csum(diff * diff) / d
    inv = ONE / np.sqrt(var + F(eps))
    y = diff * inv[..., None]
    y = y * f32(gamma)
    return f32(y + f32(beta))


def int_matmul(a, b_t):
    """Exact int32 a @ b_t.T for int8 operands (float64 products and sums of integers are exact)."""
    acc = np.matmul(np.asarray(a, np.float64), np.swapaxes(np.asarray(b_t, np.float64), -1, -2))
    assert np.abs(acc).max(initial=0) < INT32_LIMIT, "int32 accumulator overflow"
    return acc.astype(np.int32)


def epilogue(acc, mul, bias=None, act=None):
    """t = float(acc) * mul[n] (+ bias[n]), then the activation (numerics §2)."""
    t = np.asarray(acc, np.int32).astype(F) * f32(mul)
    if bias is not None:
        t = t + f32(bias)
    if act == "relu":
        t = relu(t)
    elif act == "gelu":
        t = gelu_m(t)
    return f32(t)


def softmax_to_q7(s):
    s = f32(s)
    e = exp_m(s - np.max(s, axis=-1, keepdims=True))
    inv_sum = ONE / csum(e)
    p = e * inv_sum[..., None]
    return rne(p * Q).astype(np.int32)


def log_softmax(x):
    x = f32(x)
    mx = np.max(x, axis=-1, keepdims=True)
    lse = log_m(csum(exp_m(x - mx)))
    return f32((x - mx) - lse[..., None])


def attention(q, k, v, n_heads, q_step, k_step, v_step):
    """Integer multi-head attention (numerics §6). q [..., Tq, d], k/v [..., Tk, d] int8 -> float32 ctx."""
    d = q.shape[-1]
    dh = d // n_heads
    alpha = F(q_step) * F(k_step)
    alpha = alpha * (ONE / np.sqrt(F(dh)))
    split = lambda x: np.swapaxes(x.reshape(x.shape[:-1] + (n_heads, dh)), -2, -3)  # [..., H, T, dh]
    qh, kh, vh = split(q), split(k), split(v)
    s = int_matmul(qh, kh).astype(F) * alpha
    qp = softmax_to_q7(s)
    c = int_matmul(qp, np.swapaxes(vh, -1, -2))
    ctx = c.astype(F) * (F(v_step) / Q)
    ctx = np.swapaxes(ctx, -2, -3)
    return f32(ctx.reshape(ctx.shape[:-2] + (d,)))


def length_limit(length_ratio, length_offset, src_len, max_positions):
    """max_len = min(floor(ratio * |src| + offset), max_positions - 1), in float32 (numerics §8)."""
    t = F(length_ratio) * F(src_len)
    t = t + F(length_offset)
    return int(min(np.floor(t), max_positions - 1))


def length_penalty(length, alpha):
    """GNMT lp(len) = exp_m(alpha * log_m((5 + len) / 6))."""
    x = F(5 + length) / F(6.0)
    return F(exp_m(F(alpha) * log_m(np.array([x], F)))[0])
