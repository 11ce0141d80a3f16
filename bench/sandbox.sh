#!/usr/bin/env bash
# Side-by-side: the PypiKit sandbox server (1 instance, simple-dir semantics) vs nginx serving a pre-rendered static copy
# of the same index (the ceiling), both hit by wrk (50 connections, 10 s) on /simple/<p>/ and /simple/ with 300 wheels.
# Writes bench/results/sandbox.md. Needs: dotnet, wrk, nginx (Debian packages), python3. Takes about 1 minute.
#   bash bench/sandbox.sh            (DURATION=10s CONNECTIONS=50 THREADS=2 can be overridden)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
PROJECT=test-package-042
CLI_DLL="$ROOT/artifacts/bin/PypiKit.Cli/release/PypiKit.Cli.dll"
[ -f "$CLI_DLL" ] || dotnet build src/PypiKit.Cli -c Release -nologo -clp:ErrorsOnly
for tool in wrk nginx curl; do command -v "$tool" >/dev/null || { echo "bench/sandbox.sh: $tool is not installed" >&2; exit 1; }; done
NGINX=$(command -v nginx)

WORK=$(mktemp -d /tmp/pypikit-bench-sandbox.XXXXXX)
chmod 755 "$WORK"  # nginx workers run as an unprivileged user when started as root
NGINX_PID=""
cleanup() {
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  NO_COLOR=1 dotnet "$CLI_DLL" sandbox down --state-dir "$WORK/state" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

export NO_COLOR=1
echo "== corpus: 100 projects × 3 versions = 300 wheels"
dotnet "$CLI_DLL" corpus --out "$WORK/packages" --projects 100 >/dev/null
echo "== sandbox: 1 instance, simple-dir, 4 workers, no auth"
dotnet "$CLI_DLL" sandbox up --detach --instances 1 --workers 4 --backend simple-dir --authenticate . \
  --dir "$WORK/packages" --port 0 --state-dir "$WORK/state" >/dev/null
SERVER=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['instances'][0]['url'])" "$WORK/state/state.json")
echo "   instance at $SERVER (wrk hits the instance directly, not the balancer)"

echo "== nginx: static copy of the rendered index"
mkdir -p "$WORK/static/simple" "$WORK/nginx"
curl -fsS "${SERVER}simple/" -o "$WORK/static/simple/index.html"
for p in $(python3 -c "import re,sys;print(' '.join(re.findall(r'href=\"([^\"/]+)/\"', open(sys.argv[1]).read())))" "$WORK/static/simple/index.html"); do
  mkdir -p "$WORK/static/simple/$p"
  curl -fsS "${SERVER}simple/$p/" -o "$WORK/static/simple/$p/index.html"
done
ln -s "$WORK/packages" "$WORK/static/packages"
chmod -R a+rX "$WORK/static" "$WORK/packages"
NGINX_PORT=$(python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])")
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  sendfile on;
  keepalive_requests 100000;
  open_file_cache max=2000 inactive=60s;
  open_file_cache_valid 60s;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/static;
    index index.html;
  }
}
CONF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!
NGINX_URL="http://127.0.0.1:$NGINX_PORT/"
for i in $(seq 50); do curl -fsS "${NGINX_URL}simple/" >/dev/null 2>&1 && break; sleep 0.1; done
cmp <(curl -fsS "${NGINX_URL}simple/$PROJECT/") <(curl -fsS "${SERVER}simple/$PROJECT/") && echo "   identical bodies for /simple/$PROJECT/"

rps() { # url -> requests/s (wrk), plus latency p50/p99 on stderr-friendly line
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1")
  echo "$out" >&2
  local r p50 p99 errs
  r=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  echo "$r|$p50|$p99|${errs:-none}"
}

# Two rounds, alternating servers, so that load from other processes on this shared machine hits both alike; the table
# reports the better round of each (and both rounds).
declare -A R
for target in "sandbox:$SERVER" "nginx:$NGINX_URL"; do
  name=${target%%:*}; base=${target#*:}
  for path in "simple/$PROJECT/" "simple/"; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$base$path" >/dev/null  # warm-up (JIT tiering, caches), not measured
  done
done
for round in 1 2; do
  for target in "sandbox:$SERVER" "nginx:$NGINX_URL"; do
    name=${target%%:*}; base=${target#*:}
    for path in "simple/$PROJECT/" "simple/"; do
      echo "== round $round: wrk $name /$path" >&2
      R["$name|$path|$round"]=$(rps "$base$path")
    done
  done
done
best() { # name path -> the round with more req/s
  local a=${R["$1|$2|1"]} b=${R["$1|$2|2"]}
  python3 -c "import sys;a,b=sys.argv[1],sys.argv[2];print(a if float(a.split('|')[0])>=float(b.split('|')[0]) else b)" "$a" "$b"
}
for name in sandbox nginx; do for path in "simple/$PROJECT/" "simple/"; do R["$name|$path"]=$(best "$name" "$path"); done; done

ratio() { python3 -c "import sys;a,b=float(sys.argv[1]),float(sys.argv[2]);print(f'{a/b:.2f}')" "$1" "$2"; }
mkdir -p bench/results
{
  echo "# Sandbox server vs nginx (static copy)"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Command: \`bash bench/sandbox.sh\` (wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency; Release build)"
  echo "- Machine: $(nproc) vCPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), shared with other builds/tests while measured, so figures are noisy; wrk, the server and nginx share the same cores."
  echo "- Data: 300 wheels (100 projects × 3 versions), 1 sandbox instance, simple-dir semantics (listing reused only while the directory's mtime is unchanged and > 1 s old), 4 workers, no auth; nginx: worker_processes auto, sendfile, open_file_cache, access_log off, serving the same bytes pre-rendered."
  echo
  echo "Best of two rounds (rounds alternate sandbox and nginx):"
  echo
  echo "| path | sandbox req/s | nginx req/s | ratio | sandbox p50 / p99 | nginx p50 / p99 | errors (sandbox; nginx) |"
  echo "|---|---:|---:|---:|---|---|---|"
  for path in "simple/$PROJECT/" "simple/"; do
    IFS='|' read -r sr sp50 sp99 serr <<<"${R[sandbox|$path]}"
    IFS='|' read -r nr np50 np99 nerr <<<"${R[nginx|$path]}"
    echo "| /$path | $sr | $nr | $(ratio "$sr" "$nr") | $sp50 / $sp99 | $np50 / $np99 | $serr; $nerr |"
  done
  echo
  echo "Each round (req/s):"
  echo
  echo "| path | sandbox r1 | sandbox r2 | nginx r1 | nginx r2 |"
  echo "|---|---:|---:|---:|---:|"
  for path in "simple/$PROJECT/" "simple/"; do
    echo "| /$path | ${R[sandbox|$path|1]%%|*} | ${R[sandbox|$path|2]%%|*} | ${R[nginx|$path|1]%%|*} | ${R[nginx|$path|2]%%|*} |"
  done
  echo
  echo "Load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores shared by several helpers; treat ratios as rough)."
  echo
  echo "Goal: ≥ 0.5× nginx's requests/s with simple-dir semantics."
} > bench/results/sandbox.md
cat bench/results/sandbox.md
