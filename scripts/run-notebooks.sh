#!/usr/bin/env bash
# Runs every notebook in notebooks/ headless through the built CLI (pypikit notebook run) with small parameters,
# writes the executed notebooks and their HTML exports under artifacts/notebooks/, and fails if a notebook fails,
# writes error output, or lacks what it promises (its charts, its verdict line, the report files it names).
# Run after `dotnet build PypiKit.slnx` (scripts/test.sh does both).
set -uo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true NO_COLOR=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

cli=artifacts/bin/PypiKit.Cli/debug/PypiKit.Cli.dll
if [ ! -f "$cli" ]; then
  dotnet build src/PypiKit.Cli -nologo -clp:ErrorsOnly || exit 1
fi
out="$PWD/artifacts/notebooks"
rm -rf "$out"; mkdir -p "$out"

# name | small parameters | promised outputs: plots=N (Plotly figures at least), text=S (a stdout line starting with S),
#                                             files=P (every stdout line starting with P names a file that exists)
specs=(
  "01-sizing-explorer|-p clients=200|plots=3 text=recommendation:"
  "02-incident-2025-12-27|-p reportDir=$out/incident-2025-12-27|plots=3 text=verdict: files=report:"
  "03-burst-lab|-p packages=10 -p clients=4 -p seconds=2|plots=4 text=verdict:"
  "04-deploy-and-burst|-p outputDir=$out/deploy -p clients=4 -p seconds=2|text=verdict: files=wrote"
)

spec_for() {
  for s in "${specs[@]}"; do
    [ "${s%%|*}" = "$1" ] && { echo "$s"; return; }
  done
  echo "$1||"
}

failed=0
count=0
for nb in notebooks/*.ipynb; do
  name=$(basename "$nb" .ipynb)
  IFS='|' read -r _ params promises <<<"$(spec_for "$name")"
  count=$((count + 1))
  start=$(date +%s)
  # shellcheck disable=SC2086
  if ! dotnet "$cli" notebook run "$nb" $params --quiet --out "$out/$name.ipynb" --html "$out/$name.html" \
       >"$out/$name.log" 2>&1; then
    echo "notebooks: FAIL $name (see $out/$name.log)"; sed 's/^/    /' "$out/$name.log" | tail -15
    failed=$((failed + 1)); continue
  fi
  if ! python3 - "$out/$name.ipynb" "$promises" <<'PY'
import json, os, sys
nb = json.load(open(sys.argv[1]))
promises = dict(p.split("=", 1) for p in sys.argv[2].split() if "=" in p)
outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
text = lambda v: "".join(v) if isinstance(v, list) else (v or "")
problems = []
for o in outputs:
    if o["output_type"] == "error":
        problems.append(f"error output: {o['ename']}: {o['evalue']}")
    if o["output_type"] == "stream" and o["name"] == "stderr":
        problems.append("stderr output: " + text(o["text"]).strip()[:200])
plots = sum(1 for o in outputs if "application/vnd.plotly.v1+json" in o.get("data", {}))
if plots < int(promises.get("plots", 0)):
    problems.append(f"{plots} charts, {promises['plots']} promised")
lines = [l for o in outputs if o["output_type"] == "stream" for l in text(o["text"]).splitlines()]
if "text" in promises and not any(l.startswith(promises["text"]) for l in lines):
    problems.append(f"no line starting with '{promises['text']}'")
if "files" in promises:
    named = [l[len(promises["files"]):].strip() for l in lines if l.startswith(promises["files"])]
    if not named:
        problems.append(f"no file named after '{promises['files']}'")
    problems += [f"missing file {p}" for p in named if not os.path.exists(p)]
for p in problems:
    print("    " + p)
sys.exit(1 if problems else 0)
PY
  then
    echo "notebooks: FAIL $name (promised output missing)"; failed=$((failed + 1)); continue
  fi
  echo "notebooks: ok   $name ($(( $(date +%s) - start )) s) -> artifacts/notebooks/$name.html"
done
echo "notebooks: $((count - failed)) of $count passed"
[ "$failed" -eq 0 ]
