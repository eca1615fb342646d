"""Tokenized parallel corpus and token-budget batching for training."""
import os

import sentencepiece as spm
import torch

MAX_TOKENS_PER_SIDE = 126  # leaves room for BOS/EOS inside the 256-position table with margin


def encode_file(processor, path):
    with open(path, encoding="utf-8") as f:
        return processor.encode([line.rstrip("\n") for line in f])


def load_corpus(data_dir, spm_path, src, tgt):
    """Returns (train, dev): lists of (src_ids, tgt_ids), cached next to the data as .pt."""
    cache = os.path.join(data_dir, f"ids.{src}-{tgt}.{os.path.getmtime(spm_path):.0f}.pt")
    if os.path.exists(cache):
        return torch.load(cache)
    processor = spm.SentencePieceProcessor(model_file=spm_path)
    splits = []
    for split in ("train", "dev"):
        s = encode_file(processor, os.path.join(data_dir, f"{split}.{src}"))
        t = encode_file(processor, os.path.join(data_dir, f"{split}.{tgt}"))
        splits.append([(a, b) for a, b in zip(s, t)
                       if 0 < len(a) <= MAX_TOKENS_PER_SIDE and 0 < len(b) <= MAX_TOKENS_PER_SIDE])
    torch.save(tuple(splits), cache)
    return tuple(splits)


def make_batches(pairs, max_tokens, rng, pad_id, shuffle=True):
    """Groups pairs of similar length so each batch holds at most max_tokens (padded) per side."""
    order = list(range(len(pairs)))
    if shuffle:
        rng.shuffle(order)
    order.sort(key=lambda i: (len(pairs[i][0]), len(pairs[i][1])))  # stable: random within a length
    batches, current, longest = [], [], 0
    for i in order:
        length = max(len(pairs[i][0]), len(pairs[i][1])) + 1
        if current and max(longest, length) * (len(current) + 1) > max_tokens:
            batches.append(collate([pairs[j] for j in current], pad_id))
            current, longest = [], 0
        current.append(i)
        longest = max(longest, length)
    if current:
        batches.append(collate([pairs[j] for j in current], pad_id))
    if shuffle:
        rng.shuffle(batches)
    return batches


def collate(pairs, pad_id, bos_id=2, eos_id=3):
    n = len(pairs)
    src_len = max(len(s) for s, _ in pairs) + 1
    tgt_len = max(len(t) for _, t in pairs) + 1
    src = torch.full((n, src_len), pad_id, dtype=torch.long)
    tgt_in = torch.full((n, tgt_len), pad_id, dtype=torch.long)
    tgt_out = torch.full((n, tgt_len), pad_id, dtype=torch.long)
    for i, (s, t) in enumerate(pairs):
        src[i, : len(s) + 1] = torch.tensor(s + [eos_id])
        tgt_in[i, : len(t) + 1] = torch.tensor([bos_id] + t)
        tgt_out[i, : len(t) + 1] = torch.tensor(t + [eos_id])
    return src, tgt_in, tgt_out
