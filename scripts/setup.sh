#!/usr/bin/env bash
# Installs what PypiKit's tests, notebooks and benchmarks need when it is missing. Safe to run again.
#   Debian packages: twine (real uploads), chromium (renders charts), nginx + wrk + hey + goaccess (benchmarks),
#   apache2-utils (htpasswd) + python3-passlib (hashes the sandbox's htpasswd support is checked against).
#   python3-yaml (the stand-in pulumi CLI of the deploy tests).
#   jupyter-nbconvert + nbclient + jupyter-client (the notebooks run under Jupyter with the .NET kernel).
#   npm: plotly.js-dist-min (charts), pinned in package.json.
#   Python: moto (AWS emulator) is part of the machine image; its absence is reported, never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v twine >/dev/null || need+=(twine)
command -v chromium >/dev/null || need+=(chromium)
command -v nginx >/dev/null || need+=(nginx)
command -v wrk >/dev/null || need+=(wrk)
command -v hey >/dev/null || need+=(hey)
command -v goaccess >/dev/null || need+=(goaccess)
[ -x /usr/bin/htpasswd ] || need+=(apache2-utils)
/usr/bin/python3 -c "import passlib.hash" 2>/dev/null || need+=(python3-passlib)
/usr/bin/python3 -c "import yaml" 2>/dev/null || need+=(python3-yaml)   # the tests' stand-in for the pulumi CLI reads and writes stack files
command -v jupyter-nbconvert >/dev/null || need+=(jupyter-nbconvert python3-nbconvert)
/usr/bin/python3 -c "import nbclient, jupyter_client" 2>/dev/null || need+=(python3-nbclient jupyter-client)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ ! -f node_modules/plotly.js-dist-min/plotly.min.js ]; then
  echo "setup: installing npm packages (plotly.js-dist-min)"
  npm install --no-audit --no-fund --silent
fi

if ! python3 -c "import moto" 2>/dev/null; then
  echo "setup: python3 cannot import moto (the AWS emulator the telemetry tests use); install it with: pip install 'moto[server]'" >&2
  [ "${CI:-}" = "true" ] && exit 1
fi
echo "setup: ok"
