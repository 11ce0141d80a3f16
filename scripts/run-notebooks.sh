#!/usr/bin/env bash
# Runs every notebook in notebooks/ twice and fails if any run fails, writes error output, or lacks what it promises
# (its charts as Plotly figures, its verdict line, the report files it names):
#   1. headless through the built CLI (pypikit notebook run, the .NET Interactive kernel in-process) with small
#      parameters -> artifacts/notebooks/<name>.ipynb + .html;
#   2. under Jupyter itself: the Microsoft.dotnet-interactive tool pinned in .config/dotnet-tools.json is restored, its
#      .NET kernels are registered in artifacts/jupyter (git-ignored, via JUPYTER_PATH), and Debian's
#      `jupyter nbconvert --to notebook --execute` runs each notebook with its defaults -> artifacts/jupyter/<name>.ipynb,
#      then `--to html`; headless Chromium with the network off must draw every chart of that HTML.
# Run after `dotnet build PypiKit.slnx` (scripts/test.sh does both); builds the package feed if it is missing.
set -uo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true NO_COLOR=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

cli=artifacts/bin/PypiKit.Cli/debug/PypiKit.Cli.dll
if [ ! -f "$cli" ]; then
  dotnet build src/PypiKit.Cli -nologo -clp:ErrorsOnly || exit 1
fi
[ -d artifacts/feed ] || bash scripts/pack-feed.sh || exit 1
out="$PWD/artifacts/notebooks"
jup="$PWD/artifacts/jupyter"
rm -rf "$out" "$jup"; mkdir -p "$out" "$jup/kernels"

# name | small parameters | promised outputs: plots=N (Plotly figures at least), text=S (a stdout line starting with S),
#                                             files=P (every stdout line starting with P names a file that exists)
specs=(
  "01-sizing-explorer|-p clients=200|plots=4 text=recommendation:"
  "02-incident-2025-12-27|-p reportDir=$out/incident-2025-12-27|plots=9 text=verdict: files=report:"
  "03-burst-lab|-p packages=10 -p clients=4 -p seconds=2|plots=4 text=verdict:"
  "04-deploy-and-burst|-p outputDir=$out/deploy -p clients=4 -p seconds=2|text=verdict: files=wrote"
)

spec_for() {
  for s in "${specs[@]}"; do
    [ "${s%%|*}" = "$1" ] && { echo "$s"; return; }
  done
  echo "$1||"
}

# check_promises NOTEBOOK "plots=N text=S files=P": error outputs, stderr, charts, lines and files.
check_promises() {
  python3 - "$1" "$2" <<'PY'
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
def figure(v):
    # pypikit writes the figure as JSON; the dotnet-interactive Jupyter kernel sends it as a JSON string (nbformat allows both).
    try:
        v = json.loads(v) if isinstance(v, str) else v
    except ValueError:
        return False
    return isinstance(v, dict) and isinstance(v.get("data"), list)
plots = sum(1 for o in outputs if figure(o.get("data", {}).get("application/vnd.plotly.v1+json")))
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
}

# charts_drawn PAGE.html EXECUTED.ipynb: Chromium, network off (a proxy on a closed port), must leave a drawn .main-svg
# in every chart container (Plotly adds js-plotly-plot to a div it drew into); as many as the notebook has charts.
# The fewest charts a notebook must show: its plots=N promise, else none (a notebook without charts passes vacuously).
min_plots() { sed -n 's/.*plots=\([0-9][0-9]*\).*/\1/p' <<<"$1" | grep . || echo 0; }

# Loads an HTML export in headless chromium with the network off; every chart container must draw, and at least $3.
charts_drawn() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --proxy-server=127.0.0.1:9 --proxy-bypass-list='<-loopback>' \
    --virtual-time-budget=15000 --dump-dom "file://$1" >"$1.dom" 2>/dev/null || { echo "    chromium could not load $1"; return 1; }
  python3 - "$1.dom" "$2" "${3:-1}" <<'PY'
import json, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
nb = json.load(open(sys.argv[2]))
expected = sum(1 for c in nb["cells"] for o in c.get("outputs", []) if "application/vnd.plotly.v1+json" in o.get("data", {}))
containers = re.findall(r'<div[^>]*class="[^"]*pypikit-chart[^"]*"[^>]*>', dom)
drawn = [c for c in containers if "js-plotly-plot" in c]
svgs = dom.count('class="main-svg"')
ok = expected >= int(sys.argv[3]) and len(containers) == expected and len(drawn) == expected and svgs >= expected
if expected == 0 and not containers:
    print("    no charts in this notebook")
else:
    print(f"    {len(drawn)} of {len(containers)} chart containers drawn ({svgs} .main-svg), {expected} charts in the notebook")
sys.exit(0 if ok else 1)
PY
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
  if ! check_promises "$out/$name.ipynb" "$promises"; then
    echo "notebooks: FAIL $name (promised output missing)"; failed=$((failed + 1)); continue
  fi
  echo "notebooks: ok   $name ($(( $(date +%s) - start )) s) -> artifacts/notebooks/$name.html"
done
echo "notebooks: $((count - failed)) of $count passed (pypikit notebook run)"

# Under Jupyter with the .NET kernel.
jfailed=0
if ! command -v jupyter-nbconvert >/dev/null; then
  echo "notebooks: jupyter-nbconvert is missing (scripts/setup.sh installs it)"; jfailed=$count
elif ! dotnet tool restore >"$jup/tool-restore.log" 2>&1 \
     || ! dotnet tool run dotnet-interactive -- jupyter install --path "$jup/kernels" >"$jup/kernel-install.log" 2>&1; then
  echo "notebooks: could not restore or register the dotnet-interactive kernel (see $jup/*.log)"; jfailed=$count
else
  export JUPYTER_PATH="$jup" JUPYTER_DATA_DIR="$jup/data" JUPYTER_RUNTIME_DIR="$jup/runtime"
  for nb in notebooks/*.ipynb; do
    name=$(basename "$nb" .ipynb)
    IFS='|' read -r _ _ promises <<<"$(spec_for "$name")"
    start=$(date +%s)
    if ! jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=.net-csharp \
         --ExecutePreprocessor.timeout=600 --output-dir "$jup" "$nb" >"$jup/$name.log" 2>&1; then
      echo "notebooks: FAIL $name under Jupyter (see $jup/$name.log)"; grep -v '^\s*$' "$jup/$name.log" | tail -12 | sed 's/^/    /'
      jfailed=$((jfailed + 1)); continue
    fi
    seconds=$(( $(date +%s) - start ))
    if ! check_promises "$jup/$name.ipynb" "$promises"; then
      echo "notebooks: FAIL $name under Jupyter (promised output missing)"; jfailed=$((jfailed + 1)); continue
    fi
    # what the browser drew is printed under the notebook's own line
    if jupyter nbconvert --to html --output-dir "$jup" "$jup/$name.ipynb" >>"$jup/$name.log" 2>&1; then
      drawn=$(charts_drawn "$jup/$name.html" "$jup/$name.ipynb" "$(min_plots "$promises")") && drew=1 || drew=0
    else
      drawn="    nbconvert could not export the executed notebook to HTML (see $jup/$name.log)"; drew=0
    fi
    if [ "$drew" = 0 ]; then
      echo "notebooks: FAIL $name under Jupyter (its HTML export does not draw every chart offline)"
      [ -z "$drawn" ] || echo "$drawn"
      jfailed=$((jfailed + 1)); continue
    fi
    echo "notebooks: ok   $name under Jupyter ($seconds s) -> artifacts/jupyter/$name.html"
    echo "$drawn"
  done
fi
echo "notebooks: $((count - jfailed)) of $count passed (jupyter nbconvert --execute, .net-csharp kernel)"
[ "$failed" -eq 0 ] && [ "$jfailed" -eq 0 ]
