"""Label-smoothed cross-entropy over the vocabulary, summed over non-pad targets.

The same value as F.cross_entropy(logits.float(), target, ignore_index=pad, label_smoothing=eps,
reduction="sum"), computed a block of rows at a time: the [tokens, vocabulary] logits are the
largest tensor of a training step, and autograd's version makes six full-size fp32 passes over
them (cast, log-softmax, gradient fill, two backward terms, cast back). Here the forward keeps one
log-sum-exp per row and the backward writes the gradient once, in the logits' own dtype.
"""
import torch

CPU_ROWS_PER_BLOCK = 64  # 64 x 8,000 fp32 values, 2 MB: a block stays in cache between its passes
GPU_ROWS_PER_BLOCK = 8192  # on a GPU, few large blocks: each block costs a dozen kernel launches


def rows_per_block(tensor):
    return CPU_ROWS_PER_BLOCK if tensor.device.type == "cpu" else GPU_ROWS_PER_BLOCK


class _SmoothedCrossEntropy(torch.autograd.Function):
    @staticmethod
    def forward(ctx, logits, target, smoothing, pad_id):
        vocab = logits.shape[-1]
        keep = target != pad_id
        log_sum_exp = torch.empty(logits.shape[0], dtype=torch.float32, device=logits.device)
        total = torch.zeros((), dtype=torch.float32, device=logits.device)
        block = rows_per_block(logits)
        for start in range(0, logits.shape[0], block):
            rows = slice(start, start + block)
            x = logits[rows].float()
            lse = torch.logsumexp(x, dim=-1)
            log_sum_exp[rows] = lse
            # -(1-eps) log p[target] - eps/V sum_j log p[j], with log p = x - lse
            loss = lse - (1.0 - smoothing) * x.gather(1, target[rows, None]).squeeze(1)
            if smoothing:
                loss = loss - (smoothing / vocab) * x.sum(dim=-1)
            total += loss.masked_fill(~keep[rows], 0.0).sum()
        ctx.save_for_backward(logits, target, log_sum_exp, keep)
        ctx.smoothing = smoothing
        return total

    @staticmethod
    def backward(ctx, grad_total):
        logits, target, log_sum_exp, keep = ctx.saved_tensors
        smoothing, vocab = ctx.smoothing, logits.shape[-1]
        grad = torch.empty_like(logits)
        block = rows_per_block(logits)
        for start in range(0, logits.shape[0], block):
            rows = slice(start, start + block)
            g = torch.exp(logits[rows].float() - log_sum_exp[rows, None])  # softmax
            if smoothing:
                g -= smoothing / vocab
            g.scatter_add_(1, target[rows, None], torch.full_like(g[:, :1], smoothing - 1.0))
            g *= grad_total * keep[rows, None]
            grad[rows] = g
        return grad, None, None, None


def smoothed_cross_entropy(logits, target, smoothing, pad_id):
    """Summed loss of logits [..., V] against target [...] (pad targets count for nothing)."""
    vocab = logits.shape[-1]
    return _SmoothedCrossEntropy.apply(logits.reshape(-1, vocab), target.reshape(-1), float(smoothing), pad_id)
