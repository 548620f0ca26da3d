#!/usr/bin/env bash
# Load on the story view API: a store of ARTICLES generated articles (the
# bench stream: sample-corpus and ECB+ sentences recombined into stories),
# `parallax serve` on a loopback port, the views of STORIES stories built
# once (timed: the cold cost), then wrk (Debian package, installed here if
# missing) with 64 connections against GET /api/stories/{id} for ids drawn
# at random from those stories. Prints requests/s and wrk's latency
# percentiles, then the latency of 20 POSTed articles.
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
./target/release/parallax --data "$data" serve --listen "127.0.0.1:$port" --token bench-token 2>/dev/null &
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
# Writes: 20 articles posted one after another while the views above are
# cached; each is in its story (and search) when the POST returns.
run_id=$(date +%s)
for i in $(seq 1 20); do
  curl -s -o /dev/null -w "%{http_code} %{time_total}\n" -X POST -H "Authorization: Bearer bench-token" -H "Content-Type: text/plain" --data-binary "Crane Collapse at Port Vell, Report $i

A crane collapsed at Port Vell on Tuesday morning, injuring $i workers, the harbour authority said in report $run_id-$i. Operations at the northern quay were halted while inspectors examined the site." "http://127.0.0.1:$port/api/articles"
done | python3 -c 'import statistics,sys; rows=[l.split() for l in sys.stdin]; bad=[r for r in rows if r[0] not in ("200","201")]; assert not bad, f"failed writes: {bad}"; t=sorted(float(r[1]) for r in rows); print(f"POST /api/articles: median {statistics.median(t)*1000:.0f} ms, slowest {t[-1]*1000:.0f} ms over {len(t)} writes")'
