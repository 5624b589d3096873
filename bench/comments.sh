#!/usr/bin/env bash
# Posting comments through the real form: a fresh site (SQLite, synchronous=FULL), the
# server pinned to CPU 0 and the load client to CPU 1, rate limits and the minimum fill
# time switched off for the run (said in the output), then a check that every
# acknowledged comment is stored exactly once.
# Usage: bench/comments.sh [WORKERS] [SECONDS] [COMMENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
workers=${1:-32} seconds=${2:-10} comments=${3:-6000}
out=bench/out/comments
rm -rf "$out" && mkdir -p "$out/data"
command -v sqlite3 >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null; }
dotnet publish src/Herald -c Release -o "$out/herald" >/dev/null
dotnet publish bench/Herald.Bench.Comments -c Release -o "$out/client" >/dev/null
herald() { dotnet "$out/herald/herald.dll" "$@" --data "$out/data"; }
cat >"$out/article.json" <<'JSON'
{"format": "herald/article@1", "slug": "comment-load", "language": "en", "section": "world", "title": "A story with a busy discussion", "lead": "Readers comment quickly.", "published": "2026-01-05T09:00:00+01:00", "commentPolicy": {"mode": "open"}, "blocks": [{"type": "paragraph", "text": "The story."}]}
JSON
herald import "$out/article.json" >/dev/null
herald user create --email owner@bench.invalid --name Owner --role owner --password "bench password 1" >/dev/null
herald user create --email writer@bench.invalid --name Writer --role editor --password "bench password 1" >/dev/null
port=$((20000 + RANDOM % 20000))
echo "rate limits, duplicate window and minimum fill time: switched off for this run"
taskset -c 0 dotnet "$out/herald/herald.dll" serve --no-demo --data "$out/data" --urls "http://127.0.0.1:$port" \
  --Herald:Comments:PerAccountPerMinute=0 --Herald:Comments:PerAddressPerMinute=0 \
  --Herald:Comments:MinSecondsToSubmit=0 --Herald:Comments:DuplicateWindowMinutes=0 --Logging:LogLevel:Default=Warning >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
(cd "$out" && taskset -c 1 dotnet client/Herald.Bench.Comments.dll "http://127.0.0.1:$port" /world/comment-load writer@bench.invalid "bench password 1" "$workers" "$seconds" "$comments")
kill $server && wait $server 2>/dev/null || true
stored=$(sqlite3 "$out/data/herald.db" "SELECT COUNT(*) FROM comments")
distinct=$(sqlite3 "$out/data/herald.db" "SELECT COUNT(DISTINCT body) FROM comments")
acked=$(wc -l <"$out/acknowledged.txt")
echo "stored $stored comments ($distinct distinct) for $acked acknowledged"
[ "$stored" -eq "$acked" ] && [ "$distinct" -eq "$acked" ]
