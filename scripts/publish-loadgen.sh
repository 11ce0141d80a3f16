#!/usr/bin/env bash
# Publishes the pypikit CLI for the load-generator image: self-contained for one runtime identifier into a folder.
# usage: scripts/publish-loadgen.sh <rid> <out dir> [--framework-dependent]
#   <rid>      linux-x64 or linux-arm64
#   <out dir>  where the published files go (created; the executable is <out dir>/pypikit)
#   --framework-dependent  publish without the runtime (needs a .NET 10 runtime where it runs)
# deploy/loadgen/Dockerfile runs the same command inside its build stage.
set -euo pipefail
if [[ $# -lt 2 || $# -gt 3 ]]; then
  sed -n '2,7p' "$0" >&2
  exit 2
fi
rid=$1
out=$2
mode=${3:-}
case "$rid" in
  linux-x64|linux-arm64) ;;
  *) echo "publish-loadgen: <rid> '$rid' must be linux-x64 or linux-arm64" >&2; exit 2 ;;
esac
case "$mode" in
  "") contained=true ;;
  --framework-dependent) contained=false ;;
  *) echo "publish-loadgen: unknown option '$mode' (expected --framework-dependent)" >&2; exit 2 ;;
esac
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dotnet publish "$repo/src/PypiKit.Cli" -c Release -r "$rid" --self-contained "$contained" \
  -p:PackAsTool=false -o "$out" -nologo -clp:ErrorsOnly
# the apphost finds its assembly by the name patched into it, so it can carry the command's name
mv -f "$out/PypiKit.Cli" "$out/pypikit"
echo "published pypikit for $rid (self-contained: $contained) into $out"
