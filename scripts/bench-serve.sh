#!/usr/bin/env bash
# make bench-serve: `pieredze serve` against Datasette on the same 100,000 generated notes and the
# same 50 queries (../shared/bench/queries.tsv), both under wrk from a second process on loopback.
# The queries: the 50 of queries.tsv plus the longer questions of bench/search-questions.txt.
# Every server gets one unmeasured pass over the paths first (all must answer 200), then wrk
# runs at 1, 4 and 16 connections, 20 s each (BENCH_SECONDS; long enough for the whole query mix
# at 1 connection); the ratios at the end compare the same run's figures.
# Usage: bench-serve.sh PIEREDZE LIBLATVIAN SHARED DATADIR [COUNT]
set -euo pipefail
questions="$(dirname "$(realpath "$0")")/../bench/search-questions.txt"
seconds=${BENCH_SECONDS:-20}
binary=$(realpath "$1") extension=$(realpath "$2") shared=$(realpath "$3") data=$4 count=${5:-100000}
mkdir -p "$data"
data=$(realpath "$data")
corpus="$data/notes-$count.jsonl"
db="$data/serve-$count.db"
[ -f "$corpus" ] || python3 "$shared/bench/gen_notes.py" --count "$count" --seed 42 --format jsonl --out "$corpus"
if [ ! -f "$db" ]; then
  "$binary" init --db "$db" > /dev/null
  "$binary" load --db "$db" "$corpus"
fi
"$binary" migrate --db "$db" > /dev/null  # a database from an older build gets the new migrations

# The queries as request paths: our search API, our search page, Datasette's table JSON.
python3 - "$shared/bench/queries.tsv" "$questions" "$data" <<'PY'
import sys, urllib.parse
queries = [line.rstrip("\n").split("\t")[-1].strip('"') for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
queries += [line.strip() for line in open(sys.argv[2], encoding="utf-8") if line.strip() and not line.startswith("#")]
out = sys.argv[3]
with open(f"{out}/paths-api.txt", "w") as api, open(f"{out}/paths-page.txt", "w") as page, \
     open(f"{out}/paths-datasette.txt", "w") as ds, open(f"{out}/paths-datasette-nosuggest.txt", "w") as bare:
    for q in queries:
        e = urllib.parse.quote(q)
        print(f"/api/search?q={e}", file=api)
        print(f"/search?q={e}", file=page)
        print(f"/db/notes.json?_search={e}&_size=10", file=ds)
        print(f"/db/notes.json?_search={e}&_size=10&_nosuggest=1", file=bare)
PY
cat > "$data/rotate.lua" <<'LUA'
-- Each connection walks the list of paths in turn (PATHS names the file).
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local index = 0
request = function()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end
LUA

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { for _ in $(seq 1 300); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done; echo "no answer from $1"; return 1; }
# run NAME PATHSFILE BASEURL CONNECTIONS SECONDS: prints "NAME c=N req/s p50 p99 errors" and
# keeps the figures as rps[NAME@N], p50[NAME@N], p99[NAME@N] (milliseconds) for the ratios.
declare -A rps p50ms p99ms
to_ms() { awk -v t="$1" 'BEGIN { v = t + 0; if (t ~ /us$/) v /= 1000; else if (t ~ /ms$/) v += 0; else if (t ~ /m$/) v *= 60000; else if (t ~ /s$/) v *= 1000; printf "%.2f", v }'; }
run() {
  local name=$1 paths=$2 base=$3 connections=$4 seconds=$5 out
  out=$(PATHS="$paths" wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"${seconds}s" --latency --timeout 10s -s "$data/rotate.lua" "$base" 2>&1)
  local rate p50 p99 non2xx socket completed
  rate=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  completed=$(awk '/requests in/ {print $1}' <<< "$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<< "$out")
  socket=$(grep -o 'Socket errors:.*' <<< "$out" || true)
  rps[$name@$connections]=$rate p50ms[$name@$connections]=$(to_ms "$p50") p99ms[$name@$connections]=$(to_ms "$p99")
  printf '%-22s c=%-3s %10s req/s  p50 %-9s p99 %-9s requests %-6s errors: %s %s\n' \
    "$name" "$connections" "$rate" "$p50" "$p99" "$completed" "${non2xx:-0}" "${socket:-none}"
}
# warm NAME PATHSFILE BASEURL: one request per path, each must answer 200.
warm() {
  local path code
  while read -r path; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 "$3$path")
    [ "$code" = 200 ] || { echo "$1: $path answered $code"; exit 1; }
  done < "$2"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.1f", a / b; else print "n/a" }'; }

port=$(free_port)
"$binary" serve --db "$db" --port "$port" > "$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; [ -n "${datasette:-}" ] && kill $datasette 2>/dev/null || true' EXIT
wait_for "http://127.0.0.1:$port/"
queries=$(wc -l < "$data/paths-api.txt")
echo "== pieredze serve, $count notes, $queries queries rotating (no result cache) =="
warm api "$data/paths-api.txt" "http://127.0.0.1:$port"
warm page "$data/paths-page.txt" "http://127.0.0.1:$port"
for connections in 1 4; do run "pieredze /api/search" "$data/paths-api.txt" "http://127.0.0.1:$port" $connections $seconds; done
run "pieredze /api/search" "$data/paths-api.txt" "http://127.0.0.1:$port" 16 $seconds
for connections in 1 4; do run "pieredze /search page" "$data/paths-page.txt" "http://127.0.0.1:$port" $connections $seconds; done
run "pieredze /search page" "$data/paths-page.txt" "http://127.0.0.1:$port" 16 $seconds
peak=$(awk '/VmHWM/ {print $2}' /proc/$server/status)
echo "pieredze serve peak memory (VmHWM): $((peak / 1024)) MB"
kill $server; wait $server 2>/dev/null || true

# Debian's Python, which can load SQLite extensions (a pyenv or other python3 first on PATH may
# be built without them, and Datasette then refuses --load-extension); a venv made by another
# Python is made again.
if ! "$data/venv/bin/python" -c 'import sqlite3; sqlite3.connect(":memory:").enable_load_extension(True)' 2>/dev/null \
   || [ ! -x "$data/venv/bin/datasette" ]; then
  rm -rf "$data/venv"
  /usr/bin/python3 -m venv "$data/venv" && "$data/venv/bin/pip" install -q datasette
fi
ln -sf "$db" "$data/db"
port=$(free_port)
"$data/venv/bin/datasette" serve "$data/db" --port "$port" --load-extension "$extension" \
  --setting sql_time_limit_ms 10000 > "$data/datasette.log" 2>&1 &
datasette=$!
wait_for "http://127.0.0.1:$port/db/notes.json?_size=1"
echo "== Datasette $("$data/venv/bin/datasette" --version | awk '{print $NF}'), same database and queries =="
warm datasette "$data/paths-datasette.txt" "http://127.0.0.1:$port"
run "datasette notes.json" "$data/paths-datasette.txt" "http://127.0.0.1:$port" 1 $seconds
run "datasette notes.json" "$data/paths-datasette.txt" "http://127.0.0.1:$port" 16 $seconds
# Most of Datasette's time per request goes to suggesting facets (every column tried); without
# them (_nosuggest=1) it still counts the matches but ranks nothing: rows in rowid order.
run "datasette _nosuggest=1" "$data/paths-datasette-nosuggest.txt" "http://127.0.0.1:$port" 1 $seconds
run "datasette _nosuggest=1" "$data/paths-datasette-nosuggest.txt" "http://127.0.0.1:$port" 16 $seconds
peak=$(awk '/VmHWM/ {print $2}' /proc/$datasette/status)
echo "datasette peak memory (VmHWM): $((peak / 1024)) MB"

echo "== ratios (same run) =="
api="pieredze /api/search" page="pieredze /search page" ds="datasette notes.json"
echo "req/s vs Datasette at 16 connections: /api/search $(ratio "${rps[$api@16]}" "${rps[$ds@16]}")x, /search page $(ratio "${rps[$page@16]}" "${rps[$ds@16]}")x (target >= 3x)"
echo "req/s vs Datasette at 1 connection:   /api/search $(ratio "${rps[$api@1]}" "${rps[$ds@1]}")x, /search page $(ratio "${rps[$page@1]}" "${rps[$ds@1]}")x"
bare="datasette _nosuggest=1"
echo "req/s vs Datasette _nosuggest=1, 16: /api/search $(ratio "${rps[$api@16]}" "${rps[$bare@16]}")x, /search page $(ratio "${rps[$page@16]}" "${rps[$bare@16]}")x (no ranking there)"
echo "p99 at 4 connections / p99 at 1:      /api/search $(ratio "${p99ms[$api@4]}" "${p99ms[$api@1]}")x, /search page $(ratio "${p99ms[$page@4]}" "${p99ms[$page@1]}")x (target <= 3x)"
