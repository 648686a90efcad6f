"""Builds Marvin's basic zone from scratch with the `cs` command line (one `cs` process per API call), then lists it.

Usage: cs_zone.py BASE_URL
"""

import json
import os
import subprocess
import sys
import tempfile

from cs_check import expect, login_and_register_keys
import cs_check

CS = os.path.join(os.path.dirname(sys.executable), "cs")


def cs(env, command, **params):
    """Runs `cs command k=v …`; returns the response object (the job result for async commands)."""
    args = [CS, command] + [f"{k}={v}" for k, v in params.items()]
    run = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        cs_check.fail(f"`cs {command}` failed: {run.stdout.strip()} {run.stderr.strip()}")
    out = json.loads(run.stdout)
    job = out.get("queryasyncjobresultresponse")
    if job is not None:
        expect(job.get("jobstatus") == 1, f"`cs {command}` job succeeded")
        return job.get("jobresult", {})
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    endpoint = sys.argv[1].rstrip("/") + "/client/api"
    _, key, secret = login_and_register_keys(endpoint)
    env = dict(os.environ, CLOUDSTACK_ENDPOINT=endpoint, CLOUDSTACK_KEY=key, CLOUDSTACK_SECRET=secret,
               CLOUDSTACK_POLL_INTERVAL="0.2")
    env.pop("CLOUDSTACK_CONFIG", None)

    zone = cs(env, "createZone", name="cs-basic", dns1="8.8.8.8", internaldns1="8.8.4.4", networktype="Basic",
              securitygroupenabled="true")["zone"]
    expect(zone["networktype"] == "Basic", "cs createZone")
    physical = cs(env, "createPhysicalNetwork", zoneid=zone["id"], name="PhysicalNetworkInBasicZone")["physicalnetwork"]
    expect(physical["zoneid"] == zone["id"], "cs createPhysicalNetwork (async-create, polled by cs)")
    for traffic in ("Guest", "Management"):
        cs(env, "addTrafficType", physicalnetworkid=physical["id"], traffictype=traffic)
    vr = cs(env, "listNetworkServiceProviders", physicalnetworkid=physical["id"], name="VirtualRouter")[
        "networkserviceprovider"][0]
    element = cs(env, "listVirtualRouterElements", nspid=vr["id"])["virtualrouterelement"][0]
    cs(env, "configureVirtualRouterElement", id=element["id"], enabled="true")
    cs(env, "updateNetworkServiceProvider", id=vr["id"], state="Enabled")
    sg = cs(env, "listNetworkServiceProviders", physicalnetworkid=physical["id"], name="SecurityGroupProvider")[
        "networkserviceprovider"][0]
    cs(env, "updateNetworkServiceProvider", id=sg["id"], state="Enabled")
    cs(env, "updatePhysicalNetwork", id=physical["id"], state="Enabled")
    offering = cs(env, "listNetworkOfferings", name="DefaultSharedNetworkOfferingWithSGService")["networkoffering"][0]
    network = cs(env, "createNetwork", zoneid=zone["id"], name="guest", displaytext="guest",
                 networkofferingid=offering["id"])["network"]
    pod = cs(env, "createPod", zoneid=zone["id"], name="POD0", gateway="172.16.15.1", netmask="255.255.255.0",
             startip="172.16.15.2", endip="172.16.15.200")["pod"]
    cs(env, "createVlanIpRange", zoneid=zone["id"], podid=pod["id"], networkid=network["id"], gateway="60.147.41.1",
       netmask="255.255.255.0", startip="60.147.41.2", endip="60.147.41.254", forvirtualnetwork="false")
    cluster = cs(env, "addCluster", zoneid=zone["id"], podid=pod["id"], clustername="C0", clustertype="CloudManaged",
                 hypervisor="Simulator")["cluster"][0]
    for n in range(2):
        host = cs(env, "addHost", zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], hypervisor="Simulator",
                  url=f"http://sim/c0/h{n}", username="root", password="password")["host"][0]
        expect(host["state"] == "Up", f"cs addHost http://sim/c0/h{n} is Up")
    cs(env, "createStoragePool", zoneid=zone["id"], podid=pod["id"], clusterid=cluster["id"], name="PS0",
       url="nfs://nfsstor/export/primary")
    with tempfile.TemporaryDirectory() as store:
        cs(env, "addImageStore", provider="NFS", zoneid=zone["id"], name="SS0", url=f"file://{store}")
        enabled = cs(env, "updateZone", id=zone["id"], allocationstate="Enabled")["zone"]
        expect(enabled["allocationstate"] == "Enabled", "cs updateZone allocationstate=Enabled")

        zones = cs(env, "listZones", name="cs-basic")
        expect(zones.get("count") == 1, "cs listZones shows the zone")
        hosts = cs(env, "listHosts", zoneid=zone["id"], state="Up")
        expect(hosts.get("count") == 2, "cs listHosts shows both hosts Up")
        pools = cs(env, "listStoragePools", zoneid=zone["id"])
        expect(pools.get("count") == 1, "cs listStoragePools shows the pool")
        ranges = cs(env, "listVlanIpRanges", zoneid=zone["id"])
        expect(ranges.get("count") == 1, "cs listVlanIpRanges shows the guest range")
    print(f"cs basic zone: {cs_check.checks} checks passed against {endpoint}")


if __name__ == "__main__":
    main()
