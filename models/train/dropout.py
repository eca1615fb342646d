"""Dropout with a cheaper mask on CPU.

torch's CPU dropout draws one Bernoulli sample per element on one thread (bernoulli_), which took
a quarter of a QAT training step on the 2-core machine. Here one 64-bit draw serves four elements:
its 16-bit lanes are compared with a threshold. random_() fills [0, 2^63), so lanes 0-2 are uniform
over 16 bits and lane 3 over 15; each lane gets its own threshold, and every element is dropped with
probability round(p * 65536) / 65536 (within 1e-5 of p). The mask is kept as {0, 1 / (1 - p)} in the
input's dtype, so forward and backward are one multiplication each. On a GPU torch's own dropout is
used (already fast there).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

LANE_VALUES = 65536


def keep_mask(shape, p, device):
    """A bool tensor of `shape`, True with probability 1 - p (p rounded to 1/65536)."""
    n = 1
    for size in shape:
        n *= size
    draws = torch.empty((n + 3) // 4, dtype=torch.int64, device=device).random_()
    cut = round(p * LANE_VALUES)
    lanes = draws.view(torch.int16).view(-1, 4)
    thresholds = torch.tensor([cut - LANE_VALUES // 2] * 3 + [cut // 2], dtype=torch.int16, device=device)
    return (lanes >= thresholds).view(-1)[:n].view(shape)


class _LaneDropout(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, p):
        scale = torch.tensor(1.0 / (1.0 - round(p * LANE_VALUES) / LANE_VALUES), dtype=x.dtype, device=x.device)
        multiplier = torch.where(keep_mask(x.shape, p, x.device), scale, torch.zeros((), dtype=x.dtype, device=x.device))
        ctx.save_for_backward(multiplier)
        return x * multiplier

    @staticmethod
    def backward(ctx, grad):
        (multiplier,) = ctx.saved_tensors
        return grad * multiplier, None


class Dropout(nn.Module):
    """Drop-in for nn.Dropout (no state, same train/eval behaviour)."""

    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, x):
        if not self.training or self.p == 0:
            return x
        if x.device.type != "cpu":
            return F.dropout(x, self.p, True)
        return _LaneDropout.apply(x, self.p)

    def extra_repr(self):
        return f"p={self.p}"
