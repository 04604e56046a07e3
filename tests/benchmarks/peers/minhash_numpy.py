#!/usr/bin/python3
"""Straightforward Python/numpy reference of ScalingApi's deduplication (DuplicateIndex), for the `dedup` benchmark.

Same definitions as the C# index (src/ScalingApi.Corpora/Preparation):
  normal form  text.lower(), white-space runs collapsed to one space, trimmed
  exact        a set of 128-bit digests of the normal form (BLAKE2b here, XxHash128 in C#: only equality matters)
  words        maximal runs of letters/digits of the normal form
  word hash    FNV-1a 64 over UTF-16 code units, then the SplitMix64 finaliser
  shingle      h = golden; for each of the n words: h = mix(h ^ word)   (fewer than n words: one shingle of them all)
  permutation  (a_i*h + b_i) mod 2^64, top 32 bits; a_i = splitmix(seed, 2i) | 1, b_i = splitmix(seed, 2i+1)
  LSH          `bands` bands of k/bands rows; candidates share a band's rows exactly (a dict per band here, one
               64-bit hash of band and rows in C#); a candidate is a duplicate when at least ceil(threshold*k)
               signature entries are equal.
Writes one line per document to --decisions ('-', 'exact-dedup' or 'near-dedup') and prints a JSON summary.
Usage: minhash_numpy.py --decisions FILE [--ngram 5 --permutations 128 --bands 16 --threshold 0.8 --seed 1] FILE.jsonl...
"""
import argparse
import hashlib
import json
import math
import re
import resource
import sys
import time

import numpy as np

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
WORD = re.compile(r"[^\W_]+")


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def mix_array(z):
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def splitmix(seed, index):
    return mix((seed + GOLDEN * (index + 1)) & MASK)


def word_hash(word):
    h = 14695981039346656037
    data = word.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h = ((h ^ (data[i] | (data[i + 1] << 8))) * 1099511628211) & MASK
    return mix(h)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--decisions", required=True)
    parser.add_argument("--ngram", type=int, default=5)
    parser.add_argument("--permutations", type=int, default=128)
    parser.add_argument("--bands", type=int, default=16)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()

    n, k, bands = args.ngram, args.permutations, args.bands
    rows = k // bands
    a = np.array([splitmix(args.seed, 2 * i) | 1 for i in range(k)], dtype=np.uint64)
    b = np.array([splitmix(args.seed, 2 * i + 1) for i in range(k)], dtype=np.uint64)
    needed = math.ceil(args.threshold * k - 1e-9)
    words_seen = {}
    exact = set()
    buckets = [dict() for _ in range(bands)]
    signatures = []
    documents = kept = 0
    file_bytes = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    with open(args.decisions, "w") as out:
        for path in args.files:
            with open(path, "rb") as f:
                for line in f:
                    if not line.strip():
                        continue
                    file_bytes += len(line)
                    documents += 1
                    normal = " ".join(json.loads(line)["text"].lower().split())
                    digest = hashlib.blake2b(normal.encode("utf-16-le"), digest_size=16).digest()
                    if digest in exact:
                        out.write("exact-dedup\n")
                        continue
                    hashes = []
                    for w in WORD.findall(normal):
                        h = words_seen.get(w)
                        if h is None:
                            h = words_seen[w] = word_hash(w)
                        hashes.append(h)
                    words = np.array(hashes, dtype=np.uint64)
                    shingles = np.full(max(1, len(words) - n + 1), GOLDEN, dtype=np.uint64)
                    if len(words) < n:
                        for w in words:
                            shingles = mix_array(shingles ^ w)
                    else:
                        for j in range(n):
                            shingles = mix_array(shingles ^ words[j:len(words) - n + 1 + j])
                    signature = ((a[None, :] * shingles[:, None] + b[None, :]).min(axis=0) >> np.uint64(32)).astype(np.uint32)
                    keys = [signature[band * rows:(band + 1) * rows].tobytes() for band in range(bands)]
                    duplicate = False
                    checked = set()
                    for band, key in enumerate(keys):
                        for candidate in buckets[band].get(key, ()):
                            if candidate in checked:
                                continue
                            checked.add(candidate)
                            if np.count_nonzero(signatures[candidate] == signature) >= needed:
                                duplicate = True
                                break
                        if duplicate:
                            break
                    if duplicate:
                        out.write("near-dedup\n")
                        continue
                    index = len(signatures)
                    signatures.append(signature)
                    for band, key in enumerate(keys):
                        buckets[band].setdefault(key, []).append(index)
                    exact.add(digest)
                    kept += 1
                    out.write("-\n")
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    json.dump({"documents": documents, "kept": kept, "bytes": file_bytes, "seconds": seconds, "cpu_seconds": cpu_seconds,
               "peak_rss_bytes": peak_kb * 1024, "numpy": np.__version__}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
