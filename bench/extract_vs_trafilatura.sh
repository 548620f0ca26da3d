#!/usr/bin/env bash
# Side by side: parallax and Python trafilatura extracting the same pages in one run.
# Usage: bench/extract_vs_trafilatura.sh [DIR] [RUNS]   (DIR defaults to ../shared/data/extraction)
# Installs trafilatura with pip into a virtual environment under target/bench-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-../shared/data/extraction}"
runs="${2:-5}"
venv="target/bench-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check "trafilatura>=2,<3" lxml_html_clean
cargo build --release --quiet -p parallax-cli
ours=$(./target/release/parallax bench extract "$dir" --runs "$runs" --json)
theirs=$("$venv/bin/python" bench/trafilatura_speed.py "$dir" "$runs")
python3 - "$ours" "$theirs" <<'PY'
import json, sys
ours, theirs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for row in (ours, theirs):
    print(f"{row['system']:<20} {row['pages']} pages  {row['pages_per_second']:8.1f} pages/s  median {row['median_ms_per_page']:6.2f} ms/page  peak {row['peak_rss_mib']:6.0f} MiB")
print(f"ratio: parallax is {ours['pages_per_second'] / theirs['pages_per_second']:.1f}x trafilatura's pages/s (medians over runs, one core each)")
PY
