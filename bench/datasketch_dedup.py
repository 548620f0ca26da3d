"""Near-duplicate detection with datasketch MinHashLSH on a stream written by
`parallax bench stream`: the same task as `parallax bench dedup`, done the
way a datasketch user would do it.

Same shingles (five lower-cased alphanumeric words), same signature length
(128), same LSH banding (32 bands of 4 rows), same verification (estimated
containment of the smaller text in the larger >= 0.8, from the estimated
Jaccard similarity), only originals inserted, best candidate wins.
Prints one JSON object: docs/s (median of RUNS runs), recall of planted
copies, peak memory. Usage: datasketch_dedup.py STREAM.jsonl [RUNS]
"""

import json
import re
import resource
import statistics
import sys
import time

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"[^\W_]+")


def shingles(text):
    words = [w.lower() for w in WORD.findall(text)]
    if len(words) < 5:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + 5]).encode() for i in range(len(words) - 4)}


def containment(jaccard, a, b):
    intersection = jaccard * (a + b) / (1.0 + jaccard)
    return min(1.0, intersection / max(1, min(a, b)))


def run(docs):
    """One pass over the stream: seconds and each doc's original id (or None)."""
    lsh = MinHashLSH(num_perm=128, params=(32, 4))
    seen = {}  # id -> (minhash, shingle count, original id)
    verdicts = []
    start = time.perf_counter()
    for doc in docs:
        grams = shingles(doc["text"])
        signature = MinHash(num_perm=128, seed=1)
        signature.update_batch(list(grams))
        best = None
        if len(grams) >= 8:
            for candidate in lsh.query(signature):
                other, size, _ = seen[candidate]
                if size < 8:
                    continue
                c = containment(signature.jaccard(other), len(grams), size)
                if c >= 0.8 and (best is None or c > best[1]):
                    best = (candidate, c)
        if best is None:
            lsh.insert(doc["id"], signature)
            seen[doc["id"]] = (signature, len(grams), doc["id"])
            verdicts.append(None)
        else:
            original = seen[best[0]][2]
            verdicts.append(original)
    return time.perf_counter() - start, verdicts


def main(path, runs):
    docs = [json.loads(line) for line in open(path, encoding="utf-8")]
    timings = []
    for _ in range(max(1, runs)):
        seconds, verdicts = run(docs)
        timings.append(seconds)
    seconds = statistics.median(timings)
    roots, planted, found = [], 0, 0
    for index, doc in enumerate(docs):
        copy_of = doc.get("copy_of")
        roots.append(index if copy_of is None else roots[copy_of])
        if copy_of is not None:
            planted += 1
            found += verdicts[index] == docs[roots[index]]["id"]
    print(json.dumps({
        "system": "datasketch",
        "docs": len(docs),
        "docs_per_second": len(docs) / seconds,
        "recall": found / max(1, planted),
        "planted": planted,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1)
