#!/usr/bin/env python3
"""How much do the clustering figures owe to the order ECB+ comes in?

ECB+ articles carry no publication date, so `parallax cluster` meets them
in the file's order, topic by topic. This scores the file as it is, in
reverse, and in nine random orders (seeds 1 to 9, Python's `random`), with
`parallax eval cluster --json`, and prints story and storyline BCubed F1
for each and the mean over the random orders: what an online clusterer
keeps when the same articles arrive interleaved.

Usage: python3 tools/ecbplus_orders.py [DOCS.jsonl] [PARALLAX]
(defaults: ../shared/data/ecbplus/docs.jsonl, target/release/parallax).
Only the standard library; the orders are written to a temporary folder.
"""

import json
import os
import random
import subprocess
import sys
import tempfile

SEEDS = range(1, 10)


def bcubed_f1s(parallax, path):
    report = json.loads(subprocess.check_output([parallax, "eval", "cluster", "--json", path]))
    return report["story"]["bcubed"]["f1"], report["storyline"]["bcubed"]["f1"]


def main():
    docs = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ecbplus/docs.jsonl"
    parallax = sys.argv[2] if len(sys.argv) > 2 else "target/release/parallax"
    with open(docs, encoding="utf-8") as file:
        lines = [line if line.endswith("\n") else line + "\n" for line in file if line.strip()]
    orders = [("file", lines), ("reverse", lines[::-1])]
    for seed in SEEDS:
        shuffled = lines[:]
        random.Random(seed).shuffle(shuffled)
        orders.append((f"random {seed}", shuffled))
    print(f"{'order':<10} {'story':>7} {'storyline':>10}")
    random_scores = []
    with tempfile.TemporaryDirectory() as folder:
        for name, order in orders:
            path = os.path.join(folder, "order.jsonl")
            with open(path, "w", encoding="utf-8") as out:
                out.writelines(order)
            story, storyline = bcubed_f1s(parallax, path)
            print(f"{name:<10} {story:>7.3f} {storyline:>10.3f}")
            if name.startswith("random"):
                random_scores.append((story, storyline))
    count = len(random_scores)
    print(
        f"{'mean':<10} {sum(s for s, _ in random_scores) / count:>7.3f} "
        f"{sum(l for _, l in random_scores) / count:>10.3f}   (over the {count} random orders)"
    )


if __name__ == "__main__":
    main()
