#!/usr/bin/env bash
# Checks a running Nimbus with the real `cs` client from PyPI (Python API and command line), then builds a basic
# zone from scratch with the `cs` command line.
# Usage: cs_client.sh [BASE_URL]   (default: $BASE_URL, as end2end/run.sh sets it)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv="$here/../.venv"
base_url=${1:-${BASE_URL:?cs_client.sh: pass the server URL or set BASE_URL}}

if [ ! -x "$venv/bin/cs" ]; then
  python3 -m venv "$venv" || {
    echo "cs_client.sh: python3 -m venv failed; install python3-venv (.ci/run does it)" >&2
    exit 1
  }
  "$venv/bin/pip" install --quiet --disable-pip-version-check cs
fi
echo "cs $("$venv/bin/cs" --version) against $base_url"
"$venv/bin/python" "$here/cs_check.py" "$base_url"
"$venv/bin/python" "$here/cs_zone.py" "$base_url"
