#!/usr/bin/env bash
# Load on the story view API: a store of ARTICLES generated articles (the
# bench stream: sample-corpus and ECB+ sentences recombined into stories),
# `parallax serve` on a loopback port, and wrk (Debian package, installed
# here if missing) with 64 connections against GET /api/stories/{id} for
# the story with the most articles. Prints requests/s and the latency
# percentiles wrk measures.
# Usage: bench/serve_load.sh [ARTICLES] [SECONDS]   (defaults 100000, 30)
set -euo pipefail
cd "$(dirname "$0")/.."
articles="${1:-100000}"
seconds="${2:-30}"
if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
cargo build --release --quiet -p parallax-cli
data="target/bench-serve-$articles"
stream="target/bench-stream-$articles.jsonl"
[ -f "$stream" ] || ./target/release/parallax bench stream --articles "$articles" --out "$stream"
if [ ! -f "$data/parallax.sqlite3" ]; then
  ./target/release/parallax --data "$data" ingest "$stream" 2>/dev/null | tail -2
fi
port=18090
./target/release/parallax --data "$data" serve --listen "127.0.0.1:$port" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/api/outlets" >/dev/null 2>&1 && break
  sleep 0.2
done
stored=$(./target/release/parallax --data "$data" articles --json 2>/dev/null | wc -l)
story=$(curl -sf "http://127.0.0.1:$port/api/stories?sort=biggest&limit=1" | python3 -c 'import json,sys; s=json.load(sys.stdin)["stories"][0]; print(s["id"], s["articles"])')
set -- $story
echo "store: $stored articles; story $1 with $2 original articles"
wrk -t2 -c64 -d"${seconds}s" --latency "http://127.0.0.1:$port/api/stories/$1"
