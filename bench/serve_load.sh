#!/usr/bin/env bash
# Load on the story view API: a store of ARTICLES generated articles (the
# bench stream: sample-corpus and ECB+ sentences recombined into stories),
# `parallax serve` on a loopback port, the views of STORIES stories built
# once (timed: the cold cost), then wrk (Debian package, installed here if
# missing) with 64 connections against GET /api/stories/{id} for ids drawn
# at random from those stories. Prints requests/s and wrk's latency
# percentiles.
# Usage: bench/serve_load.sh [ARTICLES] [SECONDS] [STORIES]   (defaults 100000, 30, 200)
set -euo pipefail
cd "$(dirname "$0")/.."
articles="${1:-100000}"
seconds="${2:-30}"
stories="${3:-200}"
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
for _ in $(seq 1 1500); do
  curl -sf "http://127.0.0.1:$port/api/outlets" >/dev/null 2>&1 && break
  sleep 0.2
done
stored=$(curl -sf "http://127.0.0.1:$port/api/outlets" | python3 -c 'import json,sys; print(sum(o["articles"] for o in json.load(sys.stdin)["outlets"]))')
ids="$data/story-ids.txt"
curl -sf "http://127.0.0.1:$port/api/stories?limit=$stories" | python3 -c 'import json,sys; print("\n".join(str(s["id"]) for s in json.load(sys.stdin)["stories"]))' > "$ids"
echo "store: $stored articles; $(wc -l < "$ids") stories in the load"
start=$(date +%s.%N)
while read -r id; do curl -sf "http://127.0.0.1:$port/api/stories/$id" >/dev/null; done < "$ids"
end=$(date +%s.%N)
python3 -c "print(f'cold: built {sum(1 for _ in open(\"$ids\"))} story views in {$end - $start:.1f} s')"
wrk -t2 -c64 -d"${seconds}s" --latency -s bench/serve_load.lua "http://127.0.0.1:$port" -- "$ids"
