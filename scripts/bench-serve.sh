#!/usr/bin/env bash
# make bench-serve: `pieredze serve` against Datasette on the same 100,000 generated notes and the
# same 50 queries (../shared/bench/queries.tsv), both under wrk from a second process on loopback.
# Usage: bench-serve.sh PIEREDZE LIBLATVIAN SHARED DATADIR [COUNT]
set -euo pipefail
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

# The queries as request paths: our search API, our search page, Datasette's table JSON.
python3 - "$shared/bench/queries.tsv" "$data" <<'PY'
import sys, urllib.parse
queries = [line.rstrip("\n").split("\t")[-1].strip('"') for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
out = sys.argv[2]
with open(f"{out}/paths-api.txt", "w") as api, open(f"{out}/paths-page.txt", "w") as page, open(f"{out}/paths-datasette.txt", "w") as ds:
    for q in queries:
        e = urllib.parse.quote(q)
        print(f"/api/search?q={e}", file=api)
        print(f"/search?q={e}", file=page)
        print(f"/db/notes.json?_search={e}&_size=10", file=ds)
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
# run NAME PATHSFILE BASEURL CONNECTIONS SECONDS: prints "NAME c=N req/s p50 p99 errors"
run() {
  local name=$1 paths=$2 base=$3 connections=$4 seconds=$5 out
  out=$(PATHS="$paths" wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"${seconds}s" --latency --timeout 10s -s "$data/rotate.lua" "$base" 2>&1)
  local rps p50 p99 non2xx socket
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<< "$out")
  socket=$(grep -o 'Socket errors:.*' <<< "$out" || true)
  printf '%-22s c=%-3s %10s req/s  p50 %-9s p99 %-9s errors: %s %s\n' "$name" "$connections" "$rps" "$p50" "$p99" "${non2xx:-0}" "$socket"
}

port=$(free_port)
"$binary" serve --db "$db" --port "$port" > "$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; [ -n "${datasette:-}" ] && kill $datasette 2>/dev/null || true' EXIT
wait_for "http://127.0.0.1:$port/"
echo "== pieredze serve, $count notes, 50 queries rotating =="
run "pieredze /api/search" "$data/paths-api.txt" "http://127.0.0.1:$port" 1 $((seconds / 2))
run "pieredze /api/search" "$data/paths-api.txt" "http://127.0.0.1:$port" 4 $((seconds / 2))
run "pieredze /api/search" "$data/paths-api.txt" "http://127.0.0.1:$port" 16 $seconds
run "pieredze /search page" "$data/paths-page.txt" "http://127.0.0.1:$port" 16 $seconds
echo "pieredze serve peak memory: $(awk '/VmHWM/ {print $2, $3}' /proc/$server/status)"
kill $server; wait $server 2>/dev/null || true

if [ ! -x "$data/venv/bin/datasette" ]; then
  python3 -m venv "$data/venv" && "$data/venv/bin/pip" install -q datasette
fi
ln -sf "$db" "$data/db"
port=$(free_port)
"$data/venv/bin/datasette" serve "$data/db" --port "$port" --load-extension "$extension" \
  --setting sql_time_limit_ms 10000 > "$data/datasette.log" 2>&1 &
datasette=$!
wait_for "http://127.0.0.1:$port/db/notes.json?_size=1"
echo "== Datasette $("$data/venv/bin/datasette" --version | awk '{print $NF}'), same database and queries =="
run "datasette notes.json" "$data/paths-datasette.txt" "http://127.0.0.1:$port" 1 $((seconds / 2))
run "datasette notes.json" "$data/paths-datasette.txt" "http://127.0.0.1:$port" 16 $seconds
