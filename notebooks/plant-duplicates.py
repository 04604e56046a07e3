"""Copy a .txt domain (documents separated by blank lines) and plant duplicates in a second file beside it:
40 exact copies (upper-cased or with doubled spaces: equal after case folding and white-space collapsing) and 40 near
copies (every 80th word replaced: word 5-gram Jaccard about 0.88 to the original). Standard library only.

Usage: python3 notebooks/plant-duplicates.py SOURCE.txt OUTPUT_FOLDER
"""
import pathlib
import random
import sys

source, output = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
text = source.read_text()
documents = [d for d in text.split("\n\n") if d.strip()]
rng = random.Random(1)
exact = [d.upper() if i % 2 else "  " + d.replace(" ", "  ") for i, d in enumerate(rng.sample(documents, 40))]
near = []
for d in rng.sample(documents, 40):
    words = d.split(" ")
    for k in range(0, len(words), 80):
        words[k] = "planted"
    near.append(" ".join(words))
output.mkdir(parents=True, exist_ok=True)
(output / source.name).write_text(text)
(output / "planted.txt").write_text("\n\n".join(exact + near) + "\n")
print(f"{len(documents)} documents, planted {len(exact)} exact and {len(near)} near copies")
