#!/usr/bin/python3
"""Runner: PyTorch fp32 on the CPU, one thread, greedy, batch 1.

  greedy.py JOB.json      (the job and result formats: bench/lib/job.mjs)

system `torch`: the training code's own decoder, models/train/model.py Transformer.greedy (no self-attention cache:
every step decodes the whole prefix again). system `torch-cached`: step_model.py's encoder and
decoder step with a KV cache, the computation the ONNX graphs hold. Both stop like the engine: at eos
or after numerics.length_limit tokens.
"""
import json
import os
import resource
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import torch  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../../models/train"))
from numerics import length_limit  # noqa: E402
from step_model import DecoderStep, Encoder, empty_cache, load_model  # noqa: E402


def uncached(model):
    def translate(source, limit):
        out = model.greedy(torch.tensor([source]), limit)[0].tolist()
        return out[:out.index(model.cfg.eos_id)] if model.cfg.eos_id in out else out
    return translate


def cached(model):
    encoder, step = Encoder(model), DecoderStep(model)

    def translate(source, limit):
        cross = list(encoder(torch.tensor([source])))
        cache, out = empty_cache(model), []
        while len(out) < limit:
            logits, *cache = step(torch.tensor([[out[-1] if out else model.cfg.bos_id]]), *cross, *cache)
            token = int(logits[0].argmax())
            if token == model.cfg.eos_id:
                break
            out.append(token)
        return out
    return translate


def main():
    with open(sys.argv[1]) as fh:
        job = json.load(fh)
    torch.set_num_threads(1)
    started = time.perf_counter()
    model = load_model(job["checkpoint"])
    translate = (cached if job["system"] == "torch-cached" else uncached)(model)
    load_ms = (time.perf_counter() - started) * 1000
    with open(job["ids"]) as fh:
        sources = [[int(i) for i in line.split()] + [model.cfg.eos_id] for line in fh.read().split("\n")[:-1]]
    policy, cfg = job["lengthPolicy"], model.cfg

    def run(source):
        return translate(source, length_limit(policy["ratio"], policy["offset"], len(source), cfg.max_positions))

    with torch.inference_mode():
        for i in range(job["warmup"]):
            run(sources[i % len(sources)])
        latencies, outputs = [], []
        for source in sources:
            t0 = time.perf_counter()
            outputs.append(run(source))
            latencies.append((time.perf_counter() - t0) * 1000)
    result = {"system": job["system"], "set": job["set"], "loadMs": load_ms, "latencies": latencies, "outputs": outputs,
              "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
              "runtime": f"PyTorch {torch.__version__}"}
    with open(job["result"], "w") as fh:
        json.dump(result, fh)


if __name__ == "__main__":
    main()
