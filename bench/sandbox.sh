#!/usr/bin/env bash
# Side by side, one run, Release builds, wrk on 127.0.0.1 only:
#  1. a sandbox instance hit directly vs nginx serving a pre-rendered static copy of the same index (the ceiling);
#  2. the balanced path: INSTANCES sandbox instances behind (a) this tree's YARP balancer, (b) the hand-written balancer
#     of LEGACY_REV (unpacked and built in the temp directory, never in src/), (c) nginx as a reverse proxy.
#     Both PypiKit balancers run in the same bench-only host (bench/balancer-host) over the very same instances, and
#     (d) a second copy of this tree's balancer is the control: two copies of one build differ only by the machine's
#     noise, so their ratio shows how far apart two equal balancers land in this run.
#  Every round starts the three PypiKit balancers afresh (a process keeps, for its whole life, a speed of its own a few
#  per cent either side of its build's, so one start per build would measure the start as much as the build), in an
#  order that rotates, warms each, and measures them back to back; each round's ratios are paired, and bench/paired.py
#  gives the median of those ratios with a 95 % interval and a verdict (better / level / worse).
# Writes bench/results/sandbox.md. Needs: dotnet, git, wrk, nginx, curl, python3. Takes about 28 minutes with the builds (9 rounds: 15).
#   bash bench/sandbox.sh        (DURATION=5s WARMUP=12s ROUNDS=18 CONNECTIONS=50 THREADS=2 INSTANCES=2 LEGACY_REV=<commit> can be overridden)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-12s}
ROUNDS=${ROUNDS:-18}  # 9 rounds left a 95 % interval of about ±10 % once each round started the balancers afresh
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
INSTANCES=${INSTANCES:-2}
# the last commit whose balancer was the hand-written one (before the YARP rebuild)
LEGACY_REV=${LEGACY_REV:-ebb2088080fc85f42d7f2db447c8fa6b094559c4}
PROJECT=test-package-042
. bench/settings.sh; SETTINGS_OF=bench/sandbox.sh
whole_setting ROUNDS 5  # bench/paired.py needs 5 rounds
whole_setting THREADS 1 64; whole_setting CONNECTIONS "$THREADS" 10000; whole_setting INSTANCES 1 16  # wrk wants a connection per thread
duration_setting DURATION; duration_setting WARMUP
for tool in wrk nginx curl git python3; do command -v "$tool" >/dev/null || { echo "bench/sandbox.sh: $tool is not installed" >&2; exit 1; }; done
commit_setting LEGACY_REV
NGINX=$(command -v nginx)

WORK=$(mktemp -d /tmp/pypikit-bench-sandbox.XXXXXX)
chmod 755 "$WORK"  # nginx workers run as an unprivileged user when started as root
NGINX_PID=""
CLI_DLL="$ROOT/artifacts/bin/PypiKit.Cli/release/PypiKit.Cli.dll"
cleanup() {
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  # start_host runs in a command substitution (a subshell), so its pids come back through files, not an array
  for f in "$WORK"/host-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  [ -f "$CLI_DLL" ] && NO_COLOR=1 dotnet "$CLI_DLL" sandbox down --state-dir "$WORK/state" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
# wrk ends its run on Ctrl+C and exits 0, so without this the script would go on to its next round
trap 'echo "bench/sandbox.sh: interrupted; bench/results left as it was (the rounds measured so far are above)" >&2; exit 130' INT TERM
export NO_COLOR=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
free_port() { python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])"; }

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)  # other processes' load, read before this script starts any of its own
echo "== Release builds: CLI, balancer host (this tree), balancer host ($LEGACY_REV)"
dotnet build src/PypiKit.Cli -c Release -nologo -clp:ErrorsOnly >"$WORK/build-cli.log" 2>&1 || { cat "$WORK/build-cli.log" >&2; exit 1; }
mkdir -p "$WORK/legacy-src"
git archive "$LEGACY_REV" | tar -x -C "$WORK/legacy-src"
for side in yarp legacy; do
  cp -r bench/balancer-host "$WORK/host-$side"
  sandbox_project="$ROOT/src/PypiKit.Sandbox/PypiKit.Sandbox.csproj"
  [ "$side" = legacy ] && sandbox_project="$WORK/legacy-src/src/PypiKit.Sandbox/PypiKit.Sandbox.csproj"
  dotnet build "$WORK/host-$side" -c Release -nologo -clp:ErrorsOnly -p:SandboxProject="$sandbox_project" >"$WORK/build-$side.log" 2>&1 || { cat "$WORK/build-$side.log" >&2; exit 1; }
done

echo "== corpus: 100 projects × 3 versions = 300 wheels"
dotnet "$CLI_DLL" corpus --out "$WORK/packages" --projects 100 >/dev/null
echo "== sandbox: $INSTANCES instances, simple-dir, 4 workers, no auth"
dotnet "$CLI_DLL" sandbox up --detach --instances "$INSTANCES" --workers 4 --backend simple-dir --authenticate . \
  --dir "$WORK/packages" --port 0 --state-dir "$WORK/state" >/dev/null
mapfile -t INSTANCE_URLS < <(python3 -c "import json,sys;[print(i['url']) for i in json.load(open(sys.argv[1]))['instances']]" "$WORK/state/state.json")
SERVER=${INSTANCE_URLS[0]}
echo "   instances: ${INSTANCE_URLS[*]}"

start_host() { # build name -> url of its balancer
  local port; port=$(free_port)
  rm -f "$WORK/host-$2.log"
  dotnet "$WORK/host-$1/bin/Release/net10.0/BalancerHost.dll" "$port" "${INSTANCE_URLS[@]}" >"$WORK/host-$2.log" 2>&1 &
  echo $! >"$WORK/host-$2.pid"
  for _ in $(seq 100); do grep -q '^LISTENING ' "$WORK/host-$2.log" 2>/dev/null && break; sleep 0.1; done
  sed -n 's/^LISTENING //p' "$WORK/host-$2.log"
}
# Each process starts on a quiet machine. A .NET process keeps compiling for a few seconds after it starts (tiered
# compilation, profile-guided); when the next host's start-up overlapped that, the earlier host stayed several per cent
# costlier per request for the whole run, whichever build it was (bench/results/sandbox.md).
machine_ticks() { awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }  # "busy total": busy is all but idle and iowait
quiet() { # waits until the machine was nearly idle (under 0.15 of a core busy) for a second, at most 30 s
  local i b1 t1 b2 t2
  for i in $(seq 30); do
    read -r b1 t1 < <(machine_ticks)
    sleep 1
    read -r b2 t2 < <(machine_ticks)
    python3 -c "import os,sys;b,t=int(sys.argv[1]),int(sys.argv[2]);sys.exit(0 if t>0 and b*os.cpu_count()/t<0.15 else 1)" "$(( b2 - b1 ))" "$(( t2 - t1 ))" && return 0
  done
  echo "   (the machine did not go quiet within 30 s; going on)" >&2
}
stop_host() { # name -> stops that balancer host and waits until it is gone
  local f="$WORK/host-$1.pid" pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f"); rm -f "$f"
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
# One launch of the three PypiKit balancers: each started on a quiet machine, in the order given, then each warmed.
declare -A URL_OF
launch_balancers() { # name:build... -> URL_OF[name] set, hosts warmed (pools, and JIT tiering: YARP's larger pipeline needs ~10 s of load to reach its optimized code)
  local spec name
  for spec in "$@"; do stop_host "${spec%%:*}"; done
  quiet
  for spec in "$@"; do
    name=${spec%%:*}
    URL_OF[$name]=$(start_host "${spec#*:}" "$name")
    [ -n "${URL_OF[$name]}" ] || { echo "bench/sandbox.sh: the balancer host $name did not start" >&2; cat "$WORK/host-$name.log" >&2; exit 1; }
    quiet
  done
  for spec in "$@"; do wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${URL_OF[${spec%%:*}]}simple/$PROJECT/" >/dev/null; done
}
launch_order() { # round -> the three balancers as name:build, rotated by the round
  local all=("yarp:yarp" "legacy:legacy" "yarp-2:yarp") i k=$(( $1 % 3 ))
  for i in 0 1 2; do printf '%s\n' "${all[$(( (i + k) % 3 ))]}"; done
}

echo "== nginx: static copy of the rendered index, and a reverse proxy over the same instances"
mkdir -p "$WORK/static/simple" "$WORK/nginx"
curl -fsS "${SERVER}simple/" -o "$WORK/static/simple/index.html"
for p in $(python3 -c "import re,sys;print(' '.join(re.findall(r'href=\"([^\"/]+)/\"', open(sys.argv[1]).read())))" "$WORK/static/simple/index.html"); do
  mkdir -p "$WORK/static/simple/$p"
  curl -fsS "${SERVER}simple/$p/" -o "$WORK/static/simple/$p/index.html"
done
ln -s "$WORK/packages" "$WORK/static/packages"
chmod -R a+rX "$WORK/static" "$WORK/packages"
NGINX_PORT=$(free_port)
PROXY_PORT=$(free_port)
UPSTREAMS=$(for u in "${INSTANCE_URLS[@]}"; do h=${u#http://}; echo "    server ${h%/};"; done)
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
  upstream sandbox {
$UPSTREAMS
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/static;
    index index.html;
  }
  server {
    listen 127.0.0.1:$PROXY_PORT;
    location / {
      proxy_pass http://sandbox;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
CONF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!
NGINX_URL="http://127.0.0.1:$NGINX_PORT/"
PROXY_URL="http://127.0.0.1:$PROXY_PORT/"
for _ in $(seq 50); do curl -fsS "${NGINX_URL}simple/" >/dev/null 2>&1 && curl -fsS "${PROXY_URL}simple/" >/dev/null 2>&1 && break; sleep 0.1; done
cmp <(curl -fsS "${NGINX_URL}simple/$PROJECT/") <(curl -fsS "${SERVER}simple/$PROJECT/") && echo "   identical bodies for /simple/$PROJECT/ (static copy)"
same_bodies() { # url... -> exits unless each serves the instance's bytes
  local u
  for u in "$@"; do
    cmp <(curl -fsS "${u}simple/$PROJECT/") <(curl -fsS "${SERVER}simple/$PROJECT/") || { echo "bench/sandbox.sh: $u serves a different body" >&2; exit 1; }
  done
}
same_bodies "$PROXY_URL"

CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { # pid... -> user+system clock ticks used so far by those processes
  local total=0 pid f
  for pid in "$@"; do
    f=$(cut -d')' -f2 "/proc/$pid/stat" 2>/dev/null) || continue
    total=$(( total + $(echo "$f" | awk '{print $12 + $13}') ))
  done
  echo "$total"
}
side_pids() { # side name -> the processes doing that side's forwarding (empty for sides served directly)
  case $1 in
    yarp|yarp-2|legacy) cat "$WORK/host-$1.pid" ;;
    nginx-proxy) pgrep -P "$NGINX_PID" | tr '\n' ' ' ;;
  esac
}
counters() { # side -> "requests bytes" since its balancer host started (it prints them on SIGHUP); nothing for sides without a host
  [ -f "$WORK/host-$1.pid" ] || return 0
  local log="$WORK/host-$1.log" seen
  seen=$(grep -c '^COUNTERS ' "$log" || true)
  kill -HUP "$(cat "$WORK/host-$1.pid")"
  for _ in $(seq 100); do [ "$(grep -c '^COUNTERS ' "$log" || true)" -gt "$seen" ] && break; sleep 0.02; done
  grep '^COUNTERS ' "$log" | tail -n 1 | cut -d' ' -f2-
}
per_request() { python3 -c "import sys;print(f'{int(sys.argv[1])*1e6/int(sys.argv[2])/int(sys.argv[3]):.1f}')" "$1" "$CLK_TCK" "$2"; }  # ticks requests -> µs per request
rps() { # url side -> "req/s|p50|p99|errors|balancer CPU µs per request (or -)|machine CPU µs per request|balancer bytes allocated per request (or -)" (wrk)
  local out pids before after machine_before machine_after counted_before counted_after
  pids=$(side_pids "$2")
  counted_before=$(counters "$2")
  before=$(cpu_ticks $pids); read -r machine_before _ < <(machine_ticks)
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1")
  after=$(cpu_ticks $pids); read -r machine_after _ < <(machine_ticks)
  counted_after=$(counters "$2")
  echo "$out" >&2
  local r p50 p99 errs n cpu=- machine=- allocated=-
  r=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  [ -n "$pids" ] && [ "${n:-0}" -gt 0 ] && cpu=$(per_request "$(( after - before ))" "$n")
  [ "${n:-0}" -gt 0 ] && machine=$(per_request "$(( machine_after - machine_before ))" "$n")
  [ -n "$counted_before" ] && [ -n "$counted_after" ] && allocated=$(python3 -c "import sys;r0,b0,r1,b1=map(int,sys.argv[1:]);print(round((b1-b0)/(r1-r0)) if r1>r0 else '-')" $counted_before $counted_after)
  echo "$r|$p50|$p99|${errs:-none}|$cpu|$machine|$allocated"
}

# Rounds alternate the sides, so that load from other processes on this shared machine hits all alike. Each round starts
# the three PypiKit balancers afresh and runs them back to back, in an order that rotates, so none always goes first.
declare -A R
round_sides() { # round (after launch_balancers) -> the sides in this round's order
  local spec
  printf '%s\n' "sandbox:$SERVER" "nginx:$NGINX_URL"
  while read -r spec; do printf '%s\n' "${spec%%:*}:${URL_OF[${spec%%:*}]}"; done < <(launch_order "$1")
  printf '%s\n' "nginx-proxy:$PROXY_URL"
}
for base in "$SERVER" "$NGINX_URL" "$PROXY_URL"; do  # warm-up, not measured (the balancers warm at each launch)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${base}simple/$PROJECT/" >/dev/null
done
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq "$ROUNDS"); do
  echo "== round $round: starting the three PypiKit balancers afresh" >&2
  mapfile -t LAUNCH < <(launch_order "$round")
  launch_balancers "${LAUNCH[@]}"
  if [ "$round" = 1 ]; then
    same_bodies "${URL_OF[yarp]}" "${URL_OF[legacy]}" "${URL_OF[yarp-2]}"
    echo "   identical bodies through the four balancers" >&2
  fi
  mapfile -t SIDES < <(round_sides "$round")
  for target in "${SIDES[@]}"; do
    name=${target%%:*}; base=${target#*:}
    paths=("simple/$PROJECT/")
    case $name in sandbox|nginx) paths+=("simple/") ;; esac
    for path in "${paths[@]}"; do
      echo "== round $round: wrk $name /$path" >&2
      R["$name|$path|$round"]=$(rps "$base$path" "$name")
    done
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
median() { # name path -> the median round's record (by req/s)
  local recs=() r
  for r in $(seq "$ROUNDS"); do recs+=("${R["$1|$2|$r"]}"); done
  python3 -c "import sys;v=sorted(sys.argv[1:],key=lambda s:float(s.split('|')[0]));print(v[len(v)//2])" "${recs[@]}"
}
rounds() { local r out=""; for r in $(seq "$ROUNDS"); do out+="${R["$1|$2|$r"]%%|*} / "; done; echo "${out% / }"; }
field_median() { # name path [field [decimals]] -> median over the rounds of balancer (field 5, the default) or machine (6) CPU µs per request, or bytes allocated per request (7, decimals 0)
  local v=() r
  for r in $(seq "$ROUNDS"); do v+=("$(echo "${R["$1|$2|$r"]}" | cut -d'|' -f"${3:-5}")"); done
  python3 -c "import sys;d=int(sys.argv[1]);v=sorted(float(x) for x in sys.argv[2:] if x!='-');print(f'{v[len(v)//2]:,.{d}f}' if v else '-')" "${4:-1}" "${v[@]}"
}
each() { # name path field -> that field of every round, comma-separated (for bench/paired.py)
  local r out=""; for r in $(seq "$ROUNDS"); do out+="$(echo "${R["$1|$2|$r"]}" | cut -d'|' -f"$3"),"; done; echo "${out%,}"
}
paired() { # better-when label a b [field] -> bench/paired.py's line for req/s (field 1) or CPU per request (5: balancer, 6: machine)
  local field=${5:-1}; [ "$1" = lower ] && field=${5:-5}
  python3 bench/paired.py "$1" "$2" "$(each "$3" "simple/$PROJECT/" "$field")" "$(each "$4" "simple/$PROJECT/" "$field")"
}
ratio() { python3 -c "import sys;a,b=float(sys.argv[1]),float(sys.argv[2]);print(f'{a/b:.2f}')" "$1" "$2"; }

mkdir -p bench/results
{
  echo "# Sandbox: server vs nginx, and the balanced path (YARP balancer vs the hand-written one vs nginx)"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Command: \`bash bench/sandbox.sh\` (wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $ROUNDS rounds per side, sides alternating; Release builds)"
  echo "- Machine: $(nproc) vCPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); wrk, balancers, instances and nginx share the same cores, so figures are noisy and ratios rough."
  echo "- Load average (1/5/15 min) before this script started anything: $LOAD_START; before the measured rounds (after the builds and warm-ups, so partly this script's own): $LOAD_BEFORE; after: $LOAD_AFTER."
  if python3 -c "import sys,os;sys.exit(0 if float(sys.argv[1].split()[0])>2*os.cpu_count() else 1)" "$LOAD_START"; then
    echo "- **The 1-minute load was more than twice the core count: other processes dominated, rounds of one side differ by up to several times; read the ratios as a rough sign only and rerun on a quiet machine.**"
  fi
  echo "- Data: 300 wheels (100 projects × 3 versions); sandbox instances: simple-dir, 4 workers, no auth. nginx static: worker_processes auto, sendfile, open_file_cache, access_log off, the same bytes pre-rendered."
  echo
  echo "## Balanced path: $INSTANCES instances behind each balancer, /simple/$PROJECT/"
  echo
  echo "YARP = this tree's balancer; yarp-2 = a second copy of it (the control); legacy = the hand-written balancer of \`${LEGACY_REV:0:7}\`, all in bench/balancer-host with default options (round robin, health checks every 10 s); nginx-proxy = upstream of the same instances, keepalive 64, HTTP/1.1."
  echo
  echo "| side | median req/s | balancer CPU per request (median) | machine CPU per request (median) | balancer bytes allocated per request (median) | p50 / p99 (median round) | errors | each round (req/s) |"
  echo "|---|---:|---:|---:|---:|---|---|---|"
  for name in yarp legacy yarp-2 nginx-proxy; do
    IFS='|' read -r r p50 p99 err _ <<<"$(median "$name" "simple/$PROJECT/")"
    echo "| $name | $r | $(field_median "$name" "simple/$PROJECT/") µs | $(field_median "$name" "simple/$PROJECT/" 6) µs | $(field_median "$name" "simple/$PROJECT/" 7 0) | $p50 / $p99 | $err | $(rounds "$name" "simple/$PROJECT/") |"
  done
  y=$(median yarp "simple/$PROJECT/"); l=$(median legacy "simple/$PROJECT/"); n=$(median nginx-proxy "simple/$PROJECT/")
  echo
  echo "Goal: at least today's req/s through the balancer, YARP / legacy ≥ 1.00. Each round started the three PypiKit balancers afresh and ran them back to back, so each round gives paired ratios:"
  echo
  echo "- $(paired higher "YARP / legacy, req/s" yarp legacy)"
  echo "- $(paired lower "YARP / legacy, balancer CPU per request" yarp legacy)"
  echo "- $(paired lower "YARP / legacy, machine CPU per request" yarp legacy 6)"
  echo "- $(paired lower "YARP / legacy, bytes the balancer allocated per request" yarp legacy 7)"
  echo "- $(paired higher "Control, YARP / its copy, req/s" yarp yarp-2)"
  echo "- $(paired lower "Control, YARP / its copy, CPU per request" yarp yarp-2)"
  echo
  echo "The control compares one build with itself: its spread is what this machine's noise alone gives. Ratios of medians: YARP / legacy = $(ratio "${y%%|*}" "${l%%|*}"); YARP / nginx-proxy = $(ratio "${y%%|*}" "${n%%|*}")."
  echo "Balancer CPU per request = user + system time of the balancer's process(es) (nginx: its workers) during a round, over the requests wrk completed in it; the cores are shared, so this is the figure that says which forwarder costs more. Machine CPU per request = every process's busy time (all of /proc/stat but idle and iowait: wrk, the instances, the balancer) over the same requests; with the cores saturated, req/s is about the core count over it. Bytes allocated per request = what the balancer's process allocated on the managed heap during the round (the bench host reports it on SIGHUP), over the requests it balanced: the garbage collector's work per request."
  echo
  echo "## One instance hit directly vs nginx static"
  echo
  echo "| path | sandbox median req/s | nginx median req/s | ratio | sandbox p50 / p99 | nginx p50 / p99 | errors (sandbox; nginx) |"
  echo "|---|---:|---:|---:|---|---|---|"
  for path in "simple/$PROJECT/" "simple/"; do
    IFS='|' read -r sr sp50 sp99 serr _ <<<"$(median sandbox "$path")"
    IFS='|' read -r nr np50 np99 nerr _ <<<"$(median nginx "$path")"
    echo "| /$path | $sr | $nr | $(ratio "$sr" "$nr") | $sp50 / $sp99 | $np50 / $np99 | $serr; $nerr |"
  done
  echo
  echo "Goal: ≥ 0.5× nginx's requests/s with simple-dir semantics."
} > bench/results/sandbox.md.new
# keep the hand-written notes below the generated tables (from the "## Run to run" heading on)
{ cat bench/results/sandbox.md.new; [ -f bench/results/sandbox.md ] && { echo; sed -n '/^## Run to run/,$p' bench/results/sandbox.md; }; } > bench/results/sandbox.md.tmp
mv bench/results/sandbox.md.tmp bench/results/sandbox.md && rm -f bench/results/sandbox.md.new
cat bench/results/sandbox.md
