#!/usr/bin/env bash
# Refreshes the libraries' tracked public API (PublicAPI.Unshipped.txt, Microsoft.CodeAnalysis.PublicApiAnalyzers):
# adds every public symbol missing from the lists (RS0016) and drops every listed symbol that is gone (RS0017).
# Run it after a change to the public surface that is meant (or after merging branches that add public types), then
# review the diff of src/*/PublicAPI.Unshipped.txt.
#   bash scripts/public-api.sh                 every library
#   bash scripts/public-api.sh PypiKit.Sandbox one library
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
projects=("$@")
[ ${#projects[@]} -gt 0 ] || projects=(PypiKit PypiKit.Aws PypiKit.Sandbox PypiKit.Automation PypiKit.Notebooks PypiKit.Browser)
for p in "${projects[@]}"; do
  echo "public API: $p"
  dotnet format analyzers "src/$p/$p.csproj" --diagnostics RS0016 RS0017 --severity info
done
