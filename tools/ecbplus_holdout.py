#!/usr/bin/env python3
"""Do the clustering thresholds chosen on ECB+ hold on topics they were not
chosen on?

Splits ECB+ into two halves by topic (odd and even topic numbers), and for
each half finds the story join and merge thresholds that `parallax eval
cluster` scores best on it (story BCubed F1, over a small grid), then scores
the *other* half with them. The gap between a half's score under its own
best thresholds and under the other half's is what tuning on the answers is
worth; the default thresholds are scored on both halves too.

Usage: python3 tools/ecbplus_holdout.py [DOCS.jsonl] [PARALLAX]
(defaults: ../shared/data/ecbplus/docs.jsonl, target/release/parallax).
Only the standard library; the halves are written to a temporary folder.
"""

import itertools
import json
import os
import subprocess
import sys
import tempfile

JOINS = [0.17, 0.19, 0.21, 0.23, 0.25, 0.27, 0.30]
MERGES = [0.30, 0.35, 0.40, 0.45, 0.50, 0.60]


def split_by_topic_parity(docs_path, folder):
    halves = {"odd": [], "even": []}
    with open(docs_path, encoding="utf-8") as docs:
        for line in docs:
            topic = int("".join(c for c in json.loads(line)["storyline"] if c.isdigit()))
            halves["odd" if topic % 2 else "even"].append(line)
    paths = {}
    for name, lines in halves.items():
        paths[name] = os.path.join(folder, f"{name}.jsonl")
        with open(paths[name], "w", encoding="utf-8") as out:
            out.writelines(lines)
    return paths


def bcubed_f1(parallax, path, join=None, merge=None):
    """(story, storyline) BCubed F1 of `parallax eval cluster` on `path`."""
    args = [parallax, "--data", os.path.join(os.path.dirname(path), "data"), "eval", "cluster", path]
    if join is not None:
        args += ["--story-threshold", str(join), "--story-merge", str(merge)]
    table = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    scores = {}
    for row in table.splitlines():
        fields = row.split()
        if len(fields) == 5 and fields[1] == "BCubed":
            scores[fields[0]] = float(fields[4])
    return scores["story"], scores["storyline"]


def main():
    docs = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ecbplus/docs.jsonl"
    parallax = sys.argv[2] if len(sys.argv) > 2 else "target/release/parallax"
    with tempfile.TemporaryDirectory() as folder:
        halves = split_by_topic_parity(docs, folder)
        grid = {
            name: {(j, m): bcubed_f1(parallax, path, j, m) for j, m in itertools.product(JOINS, MERGES)}
            for name, path in halves.items()
        }
        print("half   default (story/storyline)   own best: join merge -> story   other's best: join merge -> story   gap")
        for name, other in (("odd", "even"), ("even", "odd")):
            default = bcubed_f1(parallax, halves[name])
            own = max(grid[name], key=lambda key: grid[name][key][0])
            theirs = max(grid[other], key=lambda key: grid[other][key][0])
            own_f1, their_f1 = grid[name][own][0], grid[name][theirs][0]
            print(
                f"{name:5}  {default[0]:.3f}/{default[1]:.3f}"
                f"                 {own[0]:.2f} {own[1]:.2f} -> {own_f1:.3f}"
                f"               {theirs[0]:.2f} {theirs[1]:.2f} -> {their_f1:.3f}"
                f"              {own_f1 - their_f1:.3f}"
            )


if __name__ == "__main__":
    main()
