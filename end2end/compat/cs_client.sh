#!/usr/bin/env bash
# Checks a running Nimbus with real clients from PyPI: the `cs` client (Python API and command line), a basic zone
# built from scratch with the `cs` command line, then a VM deployed, listed, rebooted and destroyed in that zone by the
# `cs` command line and by apache-libcloud's CloudStack driver.
# Usage: cs_client.sh [BASE_URL]   (default: $BASE_URL, as end2end/run.sh sets it)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv="$here/../.venv"
base_url=${1:-${BASE_URL:?cs_client.sh: pass the server URL or set BASE_URL}}

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" || {
    echo "cs_client.sh: python3 -m venv failed; install python3-venv (.ci/run does it)" >&2
    exit 1
  }
fi
# Each client is installed when the venv lacks it (an older venv may have `cs` only).
[ -x "$venv/bin/cs" ] || "$venv/bin/pip" install --quiet --disable-pip-version-check cs
"$venv/bin/python" -c 'import libcloud' 2>/dev/null ||
  "$venv/bin/pip" install --quiet --disable-pip-version-check apache-libcloud
echo "cs $("$venv/bin/cs" --version), libcloud $("$venv/bin/python" -c 'import libcloud; print(libcloud.__version__)') against $base_url"
"$venv/bin/python" "$here/cs_check.py" "$base_url"
"$venv/bin/python" "$here/cs_zone.py" "$base_url"
"$here/cs_vm.sh" "$base_url"
"$venv/bin/python" "$here/libcloud_vm.py" "$base_url"
