#!/usr/bin/env bash
# Notebook benchmark: a cold `pypikit notebook run` of notebooks/01-sizing-explorer.ipynb (a new process: kernel start,
# `#r "nuget: PypiKit"` from artifacts/feed, every cell) beside `jupyter nbconvert --to notebook --execute` of the
# same notebook with the dotnet-interactive .NET (C#) kernel. Runs alternate; the median of RUNS each is reported, with
# wall-clock and CPU seconds (user + sys of the process tree). Writes bench/results/notebooks.md.
#   RUNS=5 bash bench/notebooks.sh
# Goal: the PypiKit run within 1.5x of the Jupyter run and at most 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
NB=notebooks/01-sizing-explorer.ipynb
OUT=bench/results/notebooks.md
CLI=artifacts/bin/PypiKit.Cli/release/PypiKit.Cli.dll
work=artifacts/bench/notebooks
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NO_COLOR=1

command -v jupyter-nbconvert >/dev/null || { echo "jupyter-nbconvert not installed (scripts/setup.sh installs it)"; exit 1; }
dotnet build src/PypiKit.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
[ -d artifacts/feed ] || bash scripts/pack-feed.sh
rm -rf "$work"; mkdir -p "$work/kernels"
dotnet tool restore >/dev/null
dotnet tool run dotnet-interactive -- jupyter install --path "$work/kernels" >/dev/null
export JUPYTER_PATH="$PWD/$work" JUPYTER_DATA_DIR="$PWD/$work/data" JUPYTER_RUNTIME_DIR="$PWD/$work/runtime"

# timed NAME CMD...: appends "real cpu" seconds to $work/NAME.times (fails the benchmark if CMD fails)
timed() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$work/$name.t" "$@" >"$work/$name.log" 2>&1 || { echo "$name failed:"; tail -20 "$work/$name.log"; exit 1; }
  awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$work/$name.t" >>"$work/$name.times"
}

# One warm-up of each (NuGet and .NET Interactive restore caches, page cache), not counted.
timed warmup-pypikit dotnet "$CLI" notebook run "$NB" --quiet --out "$work/pypikit.ipynb"
timed warmup-jupyter jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=.net-csharp --output-dir "$work" --output jupyter "$NB"
for _ in $(seq "$RUNS"); do
  timed pypikit dotnet "$CLI" notebook run "$NB" --quiet --out "$work/pypikit.ipynb"
  timed jupyter jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=.net-csharp --output-dir "$work" --output jupyter "$NB"
done

median() { sort -n -k"$2" "$1" | awk -v k="$2" '{ v[NR] = $k } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
p_real=$(median "$work/pypikit.times" 1); p_cpu=$(median "$work/pypikit.times" 2)
j_real=$(median "$work/jupyter.times" 1); j_cpu=$(median "$work/jupyter.times" 2)
ratio=$(awk -v a="$p_real" -v b="$j_real" 'BEGIN { printf "%.2f", a / b }')
verdict=$(awk -v r="$ratio" -v p="$p_real" 'BEGIN { print (r <= 1.5 && p <= 10) ? "met" : "not met" }')
cores=$(nproc); load=$(cut -d' ' -f1 /proc/loadavg)

cat >"$OUT" <<MD
# Notebooks: \`pypikit notebook run\` vs \`jupyter nbconvert --execute\`

$(date -u +%Y-%m-%d), $cores cores (load average $load at the end: the machine is shared, so wall-clock figures move
with it; CPU seconds less so). Median of $RUNS alternating cold runs each, after one warm-up of each (restore caches).
Command: \`RUNS=$RUNS bash bench/notebooks.sh\`.

Both execute \`$NB\` with its default parameters on the same .NET Interactive C# kernel version (1.0.0-beta.26120.1 in
PypiKit, the \`Microsoft.dotnet-interactive\` 1.0.712001 tool under Jupyter), each a new process: kernel start,
\`#r "nuget: PypiKit, …"\` restored from \`artifacts/feed\`, 11 code cells, the executed notebook written.

| run | wall clock (s) | CPU (s) |
| --- | ---: | ---: |
| \`pypikit notebook run\` (Release) | $p_real | $p_cpu |
| \`jupyter nbconvert --to notebook --execute\` (.net-csharp kernel) | $j_real | $j_cpu |
| ratio PypiKit / Jupyter | $ratio | $(awk -v a="$p_cpu" -v b="$j_cpu" 'BEGIN { printf "%.2f", a / b }') |

Goal (PypiKit within 1.5x of Jupyter and at most 10 s wall clock): **$verdict**.
MD
cat "$OUT"
