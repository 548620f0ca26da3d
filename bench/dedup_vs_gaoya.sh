#!/usr/bin/env bash
# Side by side: our deduper and the gaoya crate's MinHash LSH on the same
# generated stream, same shingles and verification, in one run.
# Usage: bench/dedup_vs_gaoya.sh [ARTICLES]   (default 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
articles="${1:-20000}"
cargo build --release --quiet -p parallax-cli
stream="target/bench-stream-$articles.jsonl"
./target/release/parallax bench stream --articles "$articles" --out "$stream"
cargo bench --quiet -p parallax-dedup --bench vs_gaoya -- "$PWD/$stream"
