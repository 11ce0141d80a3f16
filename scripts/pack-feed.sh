#!/usr/bin/env bash
# Builds the local NuGet feed notebooks reference: packs PypiKit, PypiKit.Aws, PypiKit.Sandbox, PypiKit.Automation and PypiKit.Browser (PNG export) into
# artifacts/feed (git-ignored). A notebook's first cells add that folder as a package source and `#r "nuget: PypiKit, <version>"`.
# The version is the one in Directory.Build.props; since every local pack reuses it, stale copies of that version are
# removed from the NuGet global packages folder and from .NET Interactive's restore cache, so notebooks get this build.
#   CONFIGURATION=Release bash scripts/pack-feed.sh   (default Debug: reuses the build scripts/test.sh just made)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
config=${CONFIGURATION:-Debug}
feed=artifacts/feed
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)
packages=(PypiKit PypiKit.Aws PypiKit.Sandbox PypiKit.Automation PypiKit.Browser)

rm -rf "$feed"; mkdir -p "$feed"
for p in "${packages[@]}"; do
  dotnet pack "src/$p" -c "$config" -o "$feed" -nologo -clp:ErrorsOnly -p:ContinuousIntegrationBuild=true >/dev/null
done

globals=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
for p in "${packages[@]}"; do
  id=$(echo "$p" | tr '[:upper:]' '[:lower:]')
  rm -rf "${globals%/}/$id/$version"
done
cache="$HOME/.packagemanagement/nuget/Cache"
if [ -d "$cache" ]; then
  grep -l -i -s "/pypikit[./]" "$cache"/*.paths 2>/dev/null | while read -r f; do rm -f "${f%.resolvedReferences.paths}".*; done || true
fi
echo "feed: $(ls "$feed" | tr '\n' ' ')-> $feed (version $version)"
