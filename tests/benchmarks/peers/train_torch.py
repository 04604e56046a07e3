"""PyTorch peer of ScalingApi.Training's proxy trainer, for the throughput benchmark.

Same model (pre-LN GPT, fused QKV, causal attention, 4x GELU MLP, tied embeddings, N(0, 0.02) init),
same AdamW groups (decay on matrices/embeddings only), same global-norm clipping, same batch shape,
one loss.item() per step as the C# trainer does. Attention is torch's fused
F.scaled_dot_product_attention(is_causal=True) when the torch has it (2.0+, as TorchSharp's libtorch does),
else the masked-softmax formulation (the best torch 1.13 offers on CPU); --attention masked forces the latter.

Prints one JSON line: {"tokens_per_second": ..., "steps": ..., "seconds": ..., "parameters": ..., "torch": ...,
"attention": "sdpa" | "masked", "phases": {...}}. With --phases the measured steps are also timed per phase
(forward+loss, backward, clipping, optimizer, loss.item); with --profile N, torch.profiler's top N operators
of the measured steps go to stderr.
"""
import argparse
import json
import resource
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


HAS_SDPA = hasattr(F, "scaled_dot_product_attention")


class Attention(nn.Module):
    def __init__(self, d, heads, context, fused):
        super().__init__()
        self.heads = heads
        self.fused = fused
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.register_buffer("mask", torch.ones(context, context, dtype=torch.bool).tril().logical_not())

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        if self.fused:
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            return self.proj(y.transpose(1, 2).contiguous().view(b, t, d))
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(d // self.heads))
        scores = scores.masked_fill(self.mask[:t, :t], float("-inf"))
        y = F.softmax(scores, dim=-1) @ v
        return self.proj(y.transpose(1, 2).contiguous().view(b, t, d))


class Block(nn.Module):
    def __init__(self, d, heads, context, fused):
        super().__init__()
        self.ln1 = nn.LayerNorm(d)
        self.attn = Attention(d, heads, context, fused)
        self.ln2 = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 4 * d)
        self.fc_proj = nn.Linear(4 * d, d)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.fc_proj(F.gelu(self.fc(self.ln2(x))))


class Gpt(nn.Module):
    def __init__(self, vocab, layers, heads, d, context, fused):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(context, d)
        self.blocks = nn.ModuleList(Block(d, heads, context, fused) for _ in range(layers))
        self.final_norm = nn.LayerNorm(d)
        for name, p in self.named_parameters():
            if "ln" in name or name.startswith("final_norm"):
                continue
            if name.endswith("bias"):
                nn.init.zeros_(p)
            else:
                nn.init.normal_(p, 0.0, 0.02)

    def forward(self, tokens):
        t = tokens.shape[1]
        x = self.tok(tokens) + self.pos(torch.arange(t))
        for block in self.blocks:
            x = block(x)
        return F.linear(self.final_norm(x), self.tok.weight)


def main():
    ap = argparse.ArgumentParser()
    for name in ("vocab", "layers", "heads", "d", "context", "batch", "steps", "warmup", "threads"):
        ap.add_argument("--" + name, type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--attention", choices=("auto", "sdpa", "masked"), default="auto")
    ap.add_argument("--phases", action="store_true", help="time forward/backward/clip/optimizer of the measured steps")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="print torch.profiler's top N ops to stderr")
    a = ap.parse_args()
    if a.attention == "sdpa" and not HAS_SDPA:
        ap.error(f"torch {torch.__version__} has no F.scaled_dot_product_attention")
    fused = HAS_SDPA if a.attention == "auto" else a.attention == "sdpa"

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    model = Gpt(a.vocab, a.layers, a.heads, a.d, a.context, fused)
    params = list(model.parameters())
    groups = [
        {"params": [p for p in params if p.dim() >= 2], "weight_decay": 0.1},
        {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=3e-3, betas=(0.9, 0.95), eps=1e-8)

    # Three synthetic domains; each row draws a domain from the mixture, then a random window.
    rng = np.random.default_rng(a.seed)
    domains = [rng.integers(0, a.vocab, 200_000, dtype=np.int64) for _ in range(3)]
    mixture = np.array([0.5, 0.3, 0.2])
    window = a.context + 1

    def batch():
        rows = np.empty((a.batch, window), dtype=np.int64)
        for r, dom in enumerate(rng.choice(3, size=a.batch, p=mixture)):
            start = rng.integers(0, len(domains[dom]) - window + 1)
            rows[r] = domains[dom][start:start + window]
        return torch.from_numpy(rows)

    phases = {"batch": 0.0, "forward": 0.0, "backward": 0.0, "clip": 0.0, "optimizer": 0.0, "item": 0.0}
    clock = time.perf_counter

    # CPU ops run synchronously, so wall-clock reads between the calls split the step exactly
    # (a handful of perf_counter calls per step: microseconds against milliseconds per step).
    def step(lr, timed=False):
        t0 = clock()
        for g in opt.param_groups:
            g["lr"] = lr
        tokens = batch()
        t1 = clock()
        logits = model(tokens[:, :-1])
        loss = F.cross_entropy(logits.flatten(0, 1), tokens[:, 1:].flatten())
        t2 = clock()
        opt.zero_grad()
        loss.backward()
        t3 = clock()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        t4 = clock()
        opt.step()
        t5 = clock()
        value = loss.item()
        if timed:
            for name, (u, v) in zip(phases, ((t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5), (t5, clock()))):
                phases[name] += v - u
        return value

    for s in range(a.warmup):
        step(3e-3 * (s + 1) / a.warmup)
    profiler = None
    if a.profile:
        profiler = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU])
        profiler.__enter__()
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    start = time.perf_counter()
    for s in range(a.steps):
        step(3e-3 * 0.999 ** s, a.phases)
    seconds = time.perf_counter() - start
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    if profiler is not None:
        profiler.__exit__(None, None, None)
        print(profiler.key_averages().table(sort_by="self_cpu_time_total", row_limit=a.profile), file=sys.stderr)
    result = {
        "tokens_per_second": a.steps * a.batch * a.context / seconds,
        "steps": a.steps, "seconds": seconds,
        "parameters": sum(p.numel() for p in params), "torch": torch.__version__,
        "attention": "sdpa" if fused else "masked",
        "minor_faults_per_step": faults / a.steps,
    }
    if a.phases:
        result["phases"] = {k: v / a.steps for k, v in phases.items()}  # seconds per step
    print(json.dumps(result))


if __name__ == "__main__":
    main()
