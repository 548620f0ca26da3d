#!/usr/bin/env bash
# Side by side: parallax and Python datasketch MinHashLSH finding the planted
# near-duplicates of the same generated stream, in one run.
# Usage: bench/dedup_vs_datasketch.sh [ARTICLES] [RUNS]   (defaults 20000, 3; docs/s are medians)
# Installs datasketch with pip into a virtual environment under target/bench-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
articles="${1:-20000}"
runs="${2:-3}"
venv="target/bench-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check "datasketch>=1.6,<2"
cargo build --release --quiet -p parallax-cli
stream="target/bench-stream-$articles.jsonl"
./target/release/parallax bench stream --articles "$articles" --out "$stream"
ours=$(./target/release/parallax bench dedup "$stream" --runs "$runs" --json)
theirs=$("$venv/bin/python" bench/datasketch_dedup.py "$stream" "$runs")
python3 - "$ours" "$theirs" <<'PY'
import json, sys
ours, theirs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for row in (ours, theirs):
    print(f"{row['system']:<12} {row['docs']} docs  {row['docs_per_second']:9.0f} docs/s  recall {row['recall']:.3f} of {row['planted']} planted copies  peak {row['peak_rss_mib']:6.0f} MiB")
print(f"ratio: parallax is {ours['docs_per_second'] / theirs['docs_per_second']:.1f}x datasketch's docs/s (medians over runs, one core each)")
PY
