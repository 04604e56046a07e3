#!/usr/bin/python3
"""Peer for `ScalingApi.Benchmarks fit`: the BiMix paper's fitting recipe with SciPy.

Reads a long CSV (run,domain,proportion,step,loss), fits every domain independently with
scipy.optimize.least_squares(method="trf") on RAW losses (the paper's recipe), A = 1 convention,
parameters (b, c, alpha, beta) bounded at >= 0, start (1, 1, 0.1, 0.3) and SciPy's default tolerances
(the paper states neither). Usage: bimix_scipy.py DATA.csv REPETITIONS (0 = no timing). Prints one JSON object: median wall
time of a full fit (all domains),
and the last-step extrapolation relative error (mean/worst/best over domains) exactly as the paper
defines it. Run with /usr/bin/python3 (Debian's python3-scipy).
"""
import csv
import json
import statistics
import sys
import time

import numpy as np
import scipy
from scipy.optimize import least_squares

X0 = np.array([1.0, 1.0, 0.1, 0.3])


def load(path):
    rows = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            d = rows.setdefault(row["domain"], {"run": [], "r": [], "s": [], "y": []})
            d["run"].append(row["run"])
            d["r"].append(float(row["proportion"]))
            d["s"].append(float(row["step"]))
            d["y"].append(float(row["loss"]))
    return {k: {c: (np.array(v) if c != "run" else v) for c, v in d.items()} for k, d in rows.items()}


def model(p, r, s):
    b, c, alpha, beta = p
    return r ** -alpha * (b * s ** -beta + c)


def fit_domain(r, s, y):
    result = least_squares(lambda p: model(p, r, s) - y, X0, method="trf", bounds=(0, np.inf))
    return result.x


def fit_all(data, mask=None):
    params = {}
    for name, d in data.items():
        keep = np.ones(len(d["y"]), bool) if mask is None else mask[name]
        params[name] = fit_domain(d["r"][keep], d["s"][keep], d["y"][keep])
    return params


def last_step_errors(data):
    """Per run, hold out its final checkpoint; fit on the rest; relative error per domain, mean over runs."""
    last = {}
    for d in data.values():
        for run, s in zip(d["run"], d["s"]):
            last[run] = max(last.get(run, 0.0), s)
    held = {n: np.array([s == last[run] for run, s in zip(d["run"], d["s"])]) for n, d in data.items()}
    params = fit_all(data, {n: ~m for n, m in held.items()})
    per_domain = {}
    for n, d in data.items():
        m = held[n]
        pred = model(params[n], d["r"][m], d["s"][m])
        per_domain[n] = float(np.mean(np.abs(d["y"][m] - pred) / d["y"][m]))
    values = list(per_domain.values())
    return {"mean": statistics.fmean(values), "worst": max(values), "best": min(values), "perDomain": per_domain}


def main():
    path, repetitions = sys.argv[1], int(sys.argv[2])
    data = load(path)
    if repetitions > 0:
        fit_all(data)  # warm-up (imports, caches)
    times = [0.0] if repetitions == 0 else []
    for _ in range(repetitions):
        start = time.perf_counter()
        fit_all(data)
        times.append(time.perf_counter() - start)
    print(json.dumps({
        "domains": len(data),
        "medianSeconds": statistics.median(times),
        "repetitions": repetitions,
        "holdout": last_step_errors(data),
        "params": {n: [float(v) for v in p] for n, p in fit_all(data).items()},
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__},
    }))


if __name__ == "__main__":
    main()
