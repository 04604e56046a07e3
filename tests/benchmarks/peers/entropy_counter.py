#!/usr/bin/python3
"""Straightforward Python reference for byte-level SE / JE / CE (natural log), the peer of the C# corpus
benchmark. Same document rule as ScalingApi.Corpora's .txt reader: '\\r' dropped, documents separated by
blank lines, single line breaks kept inside a document. Counting is plain collections.Counter over the
bytes of each document and over zip(doc, doc[1:]) pairs, which is what a data scientist would write.

Usage: entropy_counter.py FILE [FILE ...]   prints one JSON object.
"""
import json
import math
import re
import sys
import time
from collections import Counter


def entropy(counter):
    total = sum(counter.values())
    return math.log(total) - sum(c * math.log(c) for c in counter.values()) / total if total else 0.0


def documents(data):
    data = data.replace(b"\r", b"")
    for doc in re.split(rb"\n\n+", data):
        doc = doc.strip(b"\n")
        if doc:
            yield doc


def main(paths):
    started = time.perf_counter()
    unigrams, pairs, first = Counter(), Counter(), Counter()
    nbytes = ndocs = 0
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        nbytes += len(data)
        for doc in documents(data):
            ndocs += 1
            unigrams.update(doc)
            pairs.update(zip(doc, doc[1:]))
            first.update(doc[:-1])
    joint = entropy(pairs)
    result = {
        "files": len(paths), "bytes": nbytes, "documents": ndocs,
        "se": entropy(unigrams), "je": joint, "ce": joint - entropy(first),
        "seconds": time.perf_counter() - started,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
