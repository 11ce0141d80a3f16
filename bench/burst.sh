#!/usr/bin/env bash
# Burst engine vs wrk -t1 and hey against nginx serving a small static file on loopback.
# nginx is pinned to CPU 0, every generator to CPU 1; three interleaved runs of RUN_SECONDS per tool; medians.
# Client CPU per request comes from getrusage(RUSAGE_CHILDREN) around each generator process (whole process,
# start-up included); the engine also reports the CPU it used during the run itself.
# Writes bench/results/burst.md. Takes about 2 minutes with the defaults.
# BASELINE_CLI=<path to another build's PypiKit.Cli.dll> adds that build, run interleaved with this one, and the ratio of
# their client CPU per request (e.g. main's Release build from a temporary worktree, to check a change side by side).
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_SECONDS=${RUN_SECONDS:-10}
RUNS=${RUNS:-3}
CONNECTIONS=${CONNECTIONS:-50}
PORT=${PORT:-18990}
BASELINE_CLI=${BASELINE_CLI:-}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NO_COLOR=1
. bench/settings.sh; SETTINGS_OF=bench/burst.sh
whole_setting RUN_SECONDS 1 3600; whole_setting RUNS 1; whole_setting CONNECTIONS 1 10000; whole_setting PORT 1024 65535
file_setting BASELINE_CLI

for tool in nginx wrk hey taskset python3; do
  command -v "$tool" >/dev/null || { echo "bench/burst.sh: $tool is missing (scripts/setup.sh installs it)"; exit 1; }
done

dotnet build src/PypiKit.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
CLI=artifacts/bin/PypiKit.Cli/release/PypiKit.Cli.dll

work=$(mktemp -d)
nginx_pid=""
cleanup() { [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
# wrk ends its run on Ctrl+C and exits 0, so without this the script would go on to its next round
trap 'echo "bench/burst.sh: interrupted; bench/results left as it was (the rounds measured so far are above)" >&2; exit 130' INT TERM

mkdir -p "$work/www" "$work/logs"
chmod 755 "$work"
head -c 512 /dev/zero | tr '\0' 'x' > "$work/www/small.txt"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log $work/logs/error.log warn;
pid $work/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$PORT; root $work/www; }
}
CONF
mkdir -p "$work/tmp"; chmod -R a+rX "$work"
taskset -c 0 nginx -p "$work" -c "$work/nginx.conf" &
nginx_pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/small.txt" >/dev/null 2>&1 && break; sleep 0.1; done
URL="http://127.0.0.1:$PORT/small.txt"

cat > "$work/profile.json" <<JSON
{ "name": "bench-static", "executor": "constant_vus", "connections": $CONNECTIONS, "duration_seconds": $RUN_SECONDS,
  "mix": { "get": 1 }, "path": "/small.txt" }
JSON

# Runs a command pinned to CPU 1 and prints "<child cpu seconds> <wall seconds>" on fd 3 after its own output.
measure() {
  python3 - "$@" <<'PY'
import resource, signal, subprocess, sys, time
signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C: end quietly, and let the script's trap report it
t = time.monotonic()
out = subprocess.run(["taskset", "-c", "1", *sys.argv[1:]], capture_output=True, text=True)
wall = time.monotonic() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stdout.write(out.stdout)
sys.stderr.write(out.stderr[-2000:])
print(f"@@cpu {r.ru_utime + r.ru_stime:.4f} {wall:.3f}")
PY
}

declare -a wrk_rps wrk_cpu hey_rps hey_cpu pk_rps pk_cpu pk_runcpu tc_rps tc_runcpu bl_rps bl_cpu bl_runcpu
for i in $(seq "$RUNS"); do
  echo "run $i/$RUNS: wrk"
  out=$(measure wrk -t1 -c"$CONNECTIONS" -d"${RUN_SECONDS}s" "$URL")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out"); reqs=$(awk '/requests in/ {print $1}' <<<"$out"); cpu=$(awk '/^@@cpu/ {print $2}' <<<"$out")
  wrk_rps+=("$rps"); wrk_cpu+=("$(python3 -c "print(f'{$cpu*1e6/$reqs:.2f}')")")

  echo "run $i/$RUNS: hey"
  out=$(measure hey -z "${RUN_SECONDS}s" -c "$CONNECTIONS" "$URL")
  reqs=$(awk '/\[200\]/ {print $2}' <<<"$out"); cpu=$(awk '/^@@cpu/ {print $2}' <<<"$out")
  [ -n "$reqs" ] || { echo "hey printed no 200 responses:"; echo "$out" | tail -20; exit 1; }
  # hey divides by its whole wall time including the drain after -z; use responses / RUN_SECONDS for comparability.
  hey_rps+=("$(python3 -c "print(f'{$reqs/$RUN_SECONDS:.1f}')")"); hey_cpu+=("$(python3 -c "print(f'{$cpu*1e6/$reqs:.2f}')")")

  echo "run $i/$RUNS: pypikit burst"
  rm -rf "$work/out"
  out=$(measure dotnet "$CLI" burst --target "http://127.0.0.1:$PORT/" --profile "$work/profile.json" --out "$work/out" --max-requests 100000000)
  json=$(ls "$work"/out/*.json)
  read -r rps reqs runcpu <<<"$(python3 -c "import json;d=json.load(open('$json'));print(d['requests_per_second'], d['http_requests'], d['client_cpu_micros_per_request'])")"
  cpu=$(awk '/^@@cpu/ {print $2}' <<<"$out")
  pk_rps+=("$rps"); pk_cpu+=("$(python3 -c "print(f'{$cpu*1e6/$reqs:.2f}')")"); pk_runcpu+=("$runcpu")

  if [ -n "$BASELINE_CLI" ]; then
    echo "run $i/$RUNS: pypikit burst, baseline build"
    rm -rf "$work/out"
    out=$(measure dotnet "$BASELINE_CLI" burst --target "http://127.0.0.1:$PORT/" --profile "$work/profile.json" --out "$work/out" --max-requests 100000000)
    json=$(ls "$work"/out/*.json)
    read -r rps reqs runcpu <<<"$(python3 -c "import json;d=json.load(open('$json'));print(d['requests_per_second'], d['http_requests'], d['client_cpu_micros_per_request'])")"
    cpu=$(awk '/^@@cpu/ {print $2}' <<<"$out")
    bl_rps+=("$rps"); bl_cpu+=("$(python3 -c "print(f'{$cpu*1e6/$reqs:.2f}')")"); bl_runcpu+=("$runcpu")
  fi

  echo "run $i/$RUNS: pypikit burst, DOTNET_TieredCompilation=0"
  rm -rf "$work/out"
  out=$(DOTNET_TieredCompilation=0 measure dotnet "$CLI" burst --target "http://127.0.0.1:$PORT/" --profile "$work/profile.json" --out "$work/out" --max-requests 100000000)
  json=$(ls "$work"/out/*.json)
  read -r rps reqs runcpu <<<"$(python3 -c "import json;d=json.load(open('$json'));print(d['requests_per_second'], d['http_requests'], d['client_cpu_micros_per_request'])")"
  tc_rps+=("$rps"); tc_runcpu+=("$runcpu")
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
W=$(median "${wrk_rps[@]}"); H=$(median "${hey_rps[@]}"); P=$(median "${pk_rps[@]}")
WC=$(median "${wrk_cpu[@]}"); HC=$(median "${hey_cpu[@]}"); PC=$(median "${pk_cpu[@]}"); PRC=$(median "${pk_runcpu[@]}")
T=$(median "${tc_rps[@]}"); TRC=$(median "${tc_runcpu[@]}")
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }

load=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "# Burst engine benchmark"
  echo
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'). Command: \`bash bench/burst.sh\` (RUN_SECONDS=$RUN_SECONDS, RUNS=$RUNS, CONNECTIONS=$CONNECTIONS)."
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); load average at the end: $load."
  echo "nginx $(nginx -v 2>&1 | cut -d/ -f2) (1 worker) pinned to CPU 0 serving a 512-byte file; each generator pinned to CPU 1;"
  echo "$CONNECTIONS keep-alive connections, closed loop, $RUN_SECONDS s per run, $RUNS interleaved runs per tool, medians."
  echo "pypikit runs the release CLI with a constant_vus profile (one virtual user per connection, every request histogrammed;
the \`get\` chain uses the engine's lean HTTP/1.1 connection — the pip/list/upload chains use SocketsHttpHandler — and for such
get-only profiles the CLI turns on inline socket completions, DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1)."
  echo
  echo "| tool | req/s (median) | runs | client CPU µs/request (process, incl. start-up) |"
  echo "|---|---:|---|---:|"
  echo "| wrk -t1 | $W | ${wrk_rps[*]} | $WC |"
  echo "| hey | $H | ${hey_rps[*]} | $HC |"
  echo "| pypikit burst | $P | ${pk_rps[*]} | $PC (during the run: $PRC) |"
  echo "| pypikit burst, DOTNET_TieredCompilation=0 | $T | ${tc_rps[*]} | during the run: $TRC |"
  if [ -n "$BASELINE_CLI" ]; then
    B=$(median "${bl_rps[@]}"); BC=$(median "${bl_cpu[@]}"); BRC=$(median "${bl_runcpu[@]}")
    echo "| pypikit burst, baseline build | $B | ${bl_rps[*]} | $BC (during the run: $BRC) |"
  fi
  echo
  echo "Ratios: pypikit / wrk = **$(ratio "$P" "$W")** (goal ≥ 0.8), pypikit / hey = **$(ratio "$P" "$H")** (goal ≥ 1)."
  echo "Client CPU: pypikit $PRC µs/request during the run (goal ≤ 25; $TRC with tiered compilation off, i.e. without"
  echo "re-JIT work inside the measured window), wrk $WC µs/request."
  echo
  if [ -n "$BASELINE_CLI" ]; then
    echo "Side by side with the baseline build (BASELINE_CLI, interleaved): client CPU per request during the run, this build / baseline ="
    echo "**$(ratio "$PRC" "$BRC")** (whole process: **$(ratio "$PC" "$BC")**); req/s this build / baseline = **$(ratio "$P" "$B")**."
    echo
  fi
  echo "hey's req/s here is its 200-responses divided by the nominal run length (hey's own figure divides by a longer wall time)."
  echo "Other helpers share this machine; figures taken while it is loaded are noisy (see the load average)."
} > bench/results/burst.md
cat bench/results/burst.md
