#!/usr/bin/env bash
# Runs PypiKit's side-by-side benchmarks (Release builds) and writes their figures to bench/results/<area>.md.
#   bash bench/run.sh            every area
#   bash bench/run.sh sandbox    one area (sandbox, burst, incidents, …: the bench/<area>.sh scripts)
# Benchmarks are never part of the test run: speed goals are checked here, side by side with the reference tools.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet build PypiKit.slnx -c Release -nologo -clp:ErrorsOnly
areas=("$@")
if [ ${#areas[@]} -eq 0 ]; then
  for f in bench/*.sh; do n=$(basename "$f" .sh); [ "$n" = run ] || areas+=("$n"); done
fi
for a in "${areas[@]}"; do
  echo "== bench: $a"
  bash "bench/$a.sh"
done
echo "results: bench/results/"
