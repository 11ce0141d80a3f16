#!/usr/bin/env bash
# Host sampler cost: samples the real /proc (meminfo, vmstat, pressure/memory, stat and 8 watched processes' stat,
# status and io) and reports the CPU time it takes as a share of one core. Goal: under 1 % at a 1 s interval.
#   bash bench/host-sampler.sh                       8 watched pids, 20 s per phase
#   PIDS=16 SECONDS_PER_PHASE=30 bash bench/host-sampler.sh
# The watched processes are `sleep` children of this script, stopped at the end. Writes bench/results/host-sampler.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PIDS=${PIDS:-8}
export SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-20}
OUT=bench/results/host-sampler.md
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

watched=()
cleanup() { for p in "${watched[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
for _ in $(seq "$PIDS"); do sleep 600 & watched+=("$!"); done

dotnet build bench/host-sampler.cs -c Release -nologo -clp:ErrorsOnly >/dev/null
rows=$(dotnet run --no-build -c Release bench/host-sampler.cs -- "${watched[@]}")

{
  echo "# Host sampler CPU cost"
  echo
  echo "Command: \`bash bench/host-sampler.sh\` (PIDS=$PIDS, SECONDS_PER_PHASE=$SECONDS_PER_PHASE), Release build,"
  echo "$(nproc) cores, kernel $(uname -r), $(date -u +%Y-%m-%d)."
  echo "CPU time is this process's user + system time (Process.TotalProcessorTime). Goal: under 1 % of one core at 1 s."
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "$rows"
  echo
  echo "The back-to-back figure is the sampler's own work; the loop figure also holds the .NET runtime's background"
  echo "threads, shown alone on the idle row. The machine is shared, so the wall-clock rows vary between runs."
} > "$OUT"
cat "$OUT"
