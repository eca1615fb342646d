#!/usr/bin/python3
"""Train the MobileNMT transformer (fp32, then quantization-aware), resumable from the last checkpoint.

  train.py --data DIR --spm DIR/spm8k.model --ckpt ~/.cache/mobilenmt/en-de/fp32 --src en --tgt de
  train.py ... --qat --init ~/.cache/mobilenmt/en-de/fp32/best.pt --ckpt ~/.cache/mobilenmt/en-de/qat

Checkpoints: last.pt (every --save-minutes, atomically replaced) and best.pt (lowest dev loss).
An exponential moving average of the weights (--ema-decay) is kept beside them; at each evaluation
the raw and the averaged weights are both scored and best.pt takes whichever is better.
Rerunning the same command resumes from last.pt. Uses CUDA when available.
"""
import argparse
import json
import math
import os
import random
import time

import torch

from model import Config, Transformer
from corpus import load_corpus, make_batches
from loss import smoothed_cross_entropy


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--spm", required=True)
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--src", default="en")
    ap.add_argument("--tgt", default="de")
    ap.add_argument("--config", default="{}", help="JSON overrides of model.Config")
    ap.add_argument("--max-tokens", type=int, default=6000)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=int, default=2000)
    ap.add_argument("--max-steps", type=int, default=60000)
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument("--save-minutes", type=float, default=10)
    ap.add_argument("--eval-steps", type=int, default=500)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--qat", action="store_true", help="quantization-aware fine-tuning")
    ap.add_argument("--init", help="checkpoint to start from (QAT: the fp32 best.pt)")
    ap.add_argument("--calibration-batches", type=int, default=50)
    ap.add_argument("--keep-clips", action="store_true",
                    help="QAT from an fp32 checkpoint keeps its activation clips (learned by an earlier QAT run "
                         "the fp32 run was continued from) instead of calibrating them")
    ap.add_argument("--ema-decay", type=float, default=0.998,
                    help="decay of the weight average per step (0: none)")
    ap.add_argument("--bf16", action="store_true",
                    help="bfloat16 autocast for matmuls (fp32 master weights), for AVX512-BF16 CPUs and GPUs")
    ap.add_argument("--schedule", choices=("rsqrt", "constant", "linear"),
                    help="after the warm-up: inverse square root (fp32 default), constant, or linear to zero at "
                         "--max-steps (QAT default)")
    args = ap.parse_args()
    args.schedule = args.schedule or ("linear" if args.qat else "rsqrt")
    return args


def lr_at(step, args):
    """A linear warm-up, then one of: inverse square root (fp32 from scratch; no end, so training can
    go on), constant (an fp32 run continued from trained weights, to be cooled down by a QAT branch),
    linear decay to zero at --max-steps (QAT: the fine-tune doubles as the cool-down of the fp32 run
    it starts from)."""
    step = max(step, 1)
    warmup = min(step / args.warmup, 1.0)
    if args.schedule == "linear":
        return args.lr * warmup * max(0.0, 1.0 - step / args.max_steps)
    if args.schedule == "constant":
        return args.lr * warmup
    return args.lr * min(warmup, math.sqrt(args.warmup / step))


@torch.no_grad()
def dev_loss(model, batches, device, bf16):
    model.eval()
    total, tokens = 0.0, 0
    for src, tgt_in, tgt_out in batches:
        with autocast(device, bf16):
            logits = model(src.to(device), tgt_in.to(device))
        total += smoothed_cross_entropy(logits, tgt_out.to(device), 0.0, model.cfg.pad_id).item()
        tokens += (tgt_out != model.cfg.pad_id).sum().item()
    model.train()
    return total / max(tokens, 1)


class WeightAverage:
    """Exponential moving average of the model's floating-point state (weights, clips)."""

    def __init__(self, model, decay, shadow=None):
        self.decay = decay
        state = model.state_dict()
        self.shadow = {k: v.detach().clone() for k, v in state.items() if v.dtype.is_floating_point}
        if shadow:
            for k, v in shadow.items():
                if k in self.shadow:
                    self.shadow[k].copy_(v)

    @torch.no_grad()
    def update(self, model):
        for k, v in model.state_dict().items():
            if k in self.shadow:
                self.shadow[k].mul_(self.decay).add_(v, alpha=1 - self.decay)

    def state_of(self, model):
        """The model's state dict with the averaged values in place of the raw ones."""
        return {k: self.shadow.get(k, v) for k, v in model.state_dict().items()}


def score(model, average, batches, device, bf16):
    """(dev loss, state dict, which) of the better of the raw and the averaged weights."""
    raw_loss = dev_loss(model, batches, device, bf16)
    if average is None:
        return raw_loss, model.state_dict(), "raw"
    raw = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(average.state_of(model))
    ema_loss = dev_loss(model, batches, device, bf16)
    model.load_state_dict(raw)
    print(f"dev_loss raw {raw_loss:.4f} averaged {ema_loss:.4f}", flush=True)
    if ema_loss < raw_loss:
        return ema_loss, average.state_of(model), "averaged"
    return raw_loss, raw, "raw"


def autocast(device, bf16):
    return torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16)


def save(path, state):
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


@torch.no_grad()
def calibrate(model, batches, device, n):
    model.eval()
    model.set_calibrating(True)
    for src, tgt_in, _ in batches[:n]:
        model(src.to(device), tgt_in.to(device))
    model.set_calibrating(False)
    for m in model.modules():
        if hasattr(m, "observed") and m.observations.item() > 0:
            m.clip.data.fill_(max(m.observed.item(), 1e-3))
    model.train()


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    os.makedirs(args.ckpt, exist_ok=True)
    last_path, best_path = os.path.join(args.ckpt, "last.pt"), os.path.join(args.ckpt, "best.pt")

    train, dev = load_corpus(args.data, args.spm, args.src, args.tgt)
    resume = torch.load(last_path, map_location="cpu") if os.path.exists(last_path) else None
    init = torch.load(args.init, map_location="cpu") if (args.init and not resume) else None
    source = resume or init
    cfg = Config(**source["config"]) if source else Config(**json.loads(args.config))
    model = Transformer(cfg).to(device)
    if source:
        model.load_state_dict(source["model"], strict=not (args.qat and init is not None))
    if args.qat:
        model.set_quantized(True)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.98), eps=1e-9)
    step, epoch, batch_index, best = 0, 0, 0, float("inf")
    if resume:
        optimizer.load_state_dict(resume["optimizer"])
        step, epoch, batch_index, best = resume["step"], resume["epoch"], resume["batch_index"], resume["best"]
    dev_batches = make_batches(dev, args.max_tokens, random.Random(0), cfg.pad_id, shuffle=False)
    if args.qat and not resume and not (init or {}).get("qat") and not args.keep_clips:
        calib = make_batches(train, args.max_tokens, random.Random(args.seed), cfg.pad_id)
        calibrate(model, calib, device, args.calibration_batches)
    average = WeightAverage(model, args.ema_decay, resume and resume.get("average")) if args.ema_decay > 0 else None
    n_params = sum(p.numel() for p in model.parameters())
    print(f"device={device} params={n_params} train={len(train)} dev={len(dev)} step={step} "
          f"epoch={epoch} qat={args.qat} bf16={args.bf16}", flush=True)

    def snapshot():  # the training state as it is when called
        return checkpoint(model, average, optimizer, cfg, step, epoch, batch_index, best, args)

    model.train()
    last_save, started, tokens_seen, log_loss, log_tokens = time.time(), time.time(), 0, 0.0, 0
    while step < args.max_steps:
        batches = make_batches(train, args.max_tokens, random.Random(args.seed * 1000 + epoch), cfg.pad_id)
        while batch_index < len(batches) and step < args.max_steps:
            src, tgt_in, tgt_out = (t.to(device) for t in batches[batch_index])
            batch_index += 1
            step += 1
            for group in optimizer.param_groups:
                group["lr"] = lr_at(step, args)
            n_tokens = (tgt_out != cfg.pad_id).sum().item()
            with autocast(device, args.bf16):
                logits = model(src, tgt_in)
            loss = smoothed_cross_entropy(logits, tgt_out, args.label_smoothing, cfg.pad_id)
            optimizer.zero_grad(set_to_none=True)
            (loss / n_tokens).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            if average:
                average.update(model)
            tokens_seen += n_tokens
            log_loss, log_tokens = log_loss + loss.item(), log_tokens + n_tokens
            if step % 100 == 0:
                rate = tokens_seen / (time.time() - started)
                print(f"step {step} epoch {epoch} loss {log_loss / log_tokens:.3f} lr {lr_at(step, args):.2e} "
                      f"tok/s {rate:.0f}", flush=True)
                log_loss, log_tokens = 0.0, 0
            evaluate = step % args.eval_steps == 0
            if evaluate:
                best = keep_if_best(model, average, dev_batches, device, args, best, best_path, snapshot)
            if evaluate or time.time() - last_save > 60 * args.save_minutes:
                save(last_path, snapshot())
                last_save = time.time()
        if batch_index >= len(batches):
            epoch, batch_index = epoch + 1, 0
    if step % args.eval_steps != 0:  # the last steps were never scored: best.pt must not miss them
        best = keep_if_best(model, average, dev_batches, device, args, best, best_path, snapshot)
    save(last_path, snapshot())
    print("done", flush=True)


def keep_if_best(model, average, dev_batches, device, args, best, best_path, snapshot):
    """Scores the raw and averaged weights; writes best.pt with the better one if it beats `best`."""
    loss_dev, weights, which = score(model, average, dev_batches, device, args.bf16)
    state = snapshot()
    print(f"step {state['step']} dev_loss {loss_dev:.4f} ({which}) best {min(best, loss_dev):.4f}", flush=True)
    if loss_dev < best:
        state.update(model=weights, best=loss_dev, weights=which)
        save(best_path, state)
    return min(best, loss_dev)


def checkpoint(model, average, optimizer, cfg, step, epoch, batch_index, best, args):
    return {"model": model.state_dict(), "average": average.shadow if average else None,
            "optimizer": optimizer.state_dict(), "config": cfg.to_dict(), "step": step, "epoch": epoch,
            "batch_index": batch_index, "best": best, "qat": args.qat, "src": args.src, "tgt": args.tgt,
            "weights": "raw"}


if __name__ == "__main__":
    main()
