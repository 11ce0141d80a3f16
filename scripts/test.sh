#!/usr/bin/env bash
# Runs every PypiKit test: installs what is missing, builds once, checks the format, runs the test projects, runs the notebooks
# headless and under Jupyter, and prints one closing line "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
unset PIP_FIND_LINKS || true

bash scripts/setup.sh
dotnet build PypiKit.slnx -c Debug -nologo -clp:ErrorsOnly
bash scripts/pack-feed.sh   # artifacts/feed: the PypiKit packages notebooks reference

results=artifacts/test-results
rm -rf "$results"; mkdir -p "$results"
status=0
# The tree must match .editorconfig (whitespace, imports, analyzers); `dotnet format PypiKit.slnx` fixes it.
if ! dotnet format PypiKit.slnx --verify-no-changes --no-restore; then
  echo "format: the tree differs from .editorconfig; run 'dotnet format PypiKit.slnx'" >&2
  status=1
fi
dotnet test PypiKit.slnx --no-build -nologo --logger "trx" --results-directory "$results" "$@" || status=$?

if [ -x scripts/run-notebooks.sh ]; then
  bash scripts/run-notebooks.sh || status=$?
fi

python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    # xunit v3 reports a skipped test as not executed: total - executed counts them
    s += int(c.get("total", 0)) - int(c.get("executed", 0))
print(f"tests: {p} passed, {f} failed, {s} skipped")
PY
exit $status
