#!/usr/bin/env bash
# BenchmarkDotNet micro-benchmarks of the hot paths (bench/PypiKit.Bench: latency model solve, histogram recording,
# ALB aggregation over an in-memory log, chart JSON) in a short job (1 launch, 3 warm-ups, 3 iterations, in process), written to
# bench/results/benchmarks.md with the load average before and after.
#   bash bench/benchmarks.sh              every benchmark
#   bash bench/benchmarks.sh '*Histogram*'  a BenchmarkDotNet --filter
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
filter=${1:-*}
out=artifacts/benchmarks
rm -rf "$out"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
dotnet run -c Release --project bench/PypiKit.Bench -- --filter "$filter" --job short --inProcess --exporters github \
  --artifacts "$out" >"$out.log" 2>&1 || { tail -40 "$out.log"; exit 1; }
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "# Micro-benchmarks (BenchmarkDotNet, ShortRun)"
  echo
  echo "Command: \`bash bench/benchmarks.sh\` (Release; ShortRun: 1 launch, 3 warm-ups, 3 iterations; in-process toolchain)."
  echo "Run on $(date -u +%Y-%m-%d) on $(nproc) cores; load average (1/5/15 min) before: $load_before, after: $load_after."
  echo "A shared, loaded machine: read the ratios between rows of one table, not the absolute times."
  echo "Error is half the 99.9 % confidence interval: where it is larger than the mean, that row is noise at this load (three iterations)."
  for f in "$out"/results/*-report-github.md; do
    echo
    echo "## $(basename "$f" -report-github.md | sed 's/^PypiKit\.Bench\.Benchmarks\.//')"
    echo
    sed -n '/^|/,$p' "$f" | sed "s/&#39;/'/g"
  done
} > bench/results/benchmarks.md
echo "bench/results/benchmarks.md"
