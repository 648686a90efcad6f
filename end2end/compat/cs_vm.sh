#!/usr/bin/env bash
# Deploys, lists, reboots and destroys a VM with the PyPI `cs` command line (one process per call, async jobs polled
# by `cs` itself) in the basic zone cs_zone.py built.
# Usage: cs_vm.sh BASE_URL   (needs end2end/.venv with `cs`, as cs_client.sh installs it)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv="$here/../.venv"
base_url=${1:?usage: cs_vm.sh BASE_URL}
api="${base_url%/}/client/api"
py="$venv/bin/python"
checks=0

fail() { echo "not ok - $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); echo "ok $checks - $*"; }
# json FIELD-EXPRESSION: evaluates a Python expression over the JSON on stdin (`r`), prints the result.
json() { "$py" -c "import json,sys; r=json.load(sys.stdin); print($1)"; }
# cs COMMAND k=v…: the `cs` command line; a failed call or failed async job stops the script with its output.
cs() {
  local out
  out=$("$venv/bin/cs" "$@" 2>&1) || fail "\`cs $*\` failed: $out"
  printf '%s' "$out"
}

# Keys for admin: session login, then registerUserKeys on that session (curl keeps the cookie jar).
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
read -r skey uid < <(curl -fsS -c "$jar" -d command=login -d username=admin -d password=password -d response=json \
  "$api" | json '"%s %s" % (r["loginresponse"]["sessionkey"], r["loginresponse"]["userid"])')
read -r key secret < <(curl -fsS -b "$jar" --get --data-urlencode "sessionkey=$skey" \
  "$api?command=registerUserKeys&response=json&id=$uid" |
  json '"%s %s" % (r["registeruserkeysresponse"]["userkeys"]["apikey"], r["registeruserkeysresponse"]["userkeys"]["secretkey"])')
[ -n "$key" ] && [ -n "$secret" ] || fail "registerUserKeys returned no keys"
export CLOUDSTACK_ENDPOINT="$api" CLOUDSTACK_KEY="$key" CLOUDSTACK_SECRET="$secret" CLOUDSTACK_POLL_INTERVAL=0.2
unset CLOUDSTACK_CONFIG

zone=$(cs listZones name=cs-basic | json 'r["zone"][0]["id"]')
offering=$(cs listServiceOfferings name="Small Instance" | json 'r["serviceoffering"][0]["id"]')
template=$(cs listTemplates templatefilter=executable zoneid="$zone" | json 'r["template"][0]["id"]')
ok "cs found the zone, the Small Instance offering and an executable template"

name="cs-vm-$(date +%s)"  # unique, so the script can run again against the same server
# deployVirtualMachine is async: `cs` polls queryAsyncJobResult, exits non-zero if the job failed, and prints the
# job result.
job=$(cs deployVirtualMachine zoneid="$zone" serviceofferingid="$offering" templateid="$template" name="$name")
vm=$(json 'r["virtualmachine"]["id"]' <<<"$job")
state=$(json 'r["virtualmachine"]["state"]' <<<"$job")
[ "$state" = Running ] || fail "deployed VM is $state, not Running"
ok "cs deployVirtualMachine: $vm Running (job polled by cs)"

listed=$(cs listVirtualMachines id="$vm")
[ "$(json 'r["count"], r["virtualmachine"][0]["name"], r["virtualmachine"][0]["state"]' <<<"$listed")" = \
  "1 $name Running" ] || fail "listVirtualMachines id=$vm: $listed"
ip=$(json 'r["virtualmachine"][0]["nic"][0]["ipaddress"]' <<<"$listed")
ok "cs listVirtualMachines finds $name Running with guest IP $ip"

job=$(cs rebootVirtualMachine id="$vm")
[ "$(json 'r["virtualmachine"]["state"]' <<<"$job")" = Running ] ||
  fail "reboot: $job"
ok "cs rebootVirtualMachine: Running again"

job=$(cs destroyVirtualMachine id="$vm")
[ "$(json 'r["virtualmachine"]["state"]' <<<"$job")" = Destroyed ] ||
  fail "destroy: $job"
[ "$(cs listVirtualMachines id="$vm" | json 'r["virtualmachine"][0]["state"]')" = Destroyed ] ||
  fail "listVirtualMachines after destroy does not show Destroyed"
ok "cs destroyVirtualMachine: Destroyed, and listVirtualMachines says so"
echo "cs VM lifecycle: $checks checks passed against $api"
