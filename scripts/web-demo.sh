#!/usr/bin/env bash
# Serves a database with `pieredze serve --allow-writes` on a free loopback port, takes
# screenshots of the main pages (in Latvian, the default) with headless Chromium at desktop width and at 390 px (a
# phone), writes them to OUTDIR, and stops the server. Usage: web-demo.sh PIEREDZE DB OUTDIR
set -euo pipefail
binary=$1 db=$2 out=$3
mkdir -p "$out"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$binary" serve --db "$db" --port "$port" --allow-writes > "$out/web-demo-server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "$base/" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$out/web-demo-server.log"; exit 1; }
  sleep 0.1
done
echo "server on $base"

# name | path (the search is the seeds' "pašvaldību" with facets; the note is a full lesson)
pages=(
  "home|/"
  "search|/search?q=pa%C5%A1vald%C4%ABbu"
  "search-narrowed|/search?q=pa%C5%A1vald%C4%ABbu&country=KG&kind=lesson"
  "note|/notes/kps-ierobezotas-lobesanas-iespejas"
  "topic|/topics/starptautiska-sadarbiba"
  "new-note|/new"
)
for entry in "${pages[@]}"; do
  name=${entry%%|*} path=${entry#*|}
  for size in "desktop:1280,1800" "mobile:390,2200"; do
    label=${size%%:*} window=${size#*:}
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --lang=lv --accept-lang=lv --window-size="$window" \
      --screenshot="$out/web-$name-$label.png" "$base$path" > /dev/null 2>&1
    echo "wrote $out/web-$name-$label.png"
  done
done
