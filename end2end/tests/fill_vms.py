#!/usr/bin/env python3
"""Copies the user VMs in a Nimbus SQLite database (each VM row, its NICs and ROOT volume) until it holds TARGET
user VMs, as server/benches/vms.rs fill() does: a quick way to a big instance list for load figures.

usage: fill_vms.py DATABASE TARGET   (prints how many user VMs there are afterwards)
"""
import sqlite3
import sys
import uuid


def rows(db, sql, args=()):
    cur = db.execute(sql, args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def insert(db, table, items):
    if not items:
        return
    cols = list(items[0].keys())
    sql = f'INSERT INTO {table} ({", ".join(cols)}) VALUES ({", ".join("?" for _ in cols)})'
    db.executemany(sql, [tuple(i[c] for c in cols) for i in items])


def main():
    path, target = sys.argv[1], int(sys.argv[2])
    db = sqlite3.connect(path, timeout=30)
    vms = rows(db, "SELECT * FROM vm_instance WHERE vm_type = 'User' AND removed IS NULL ORDER BY id")
    if not vms:
        sys.exit("fill_vms.py: no user VM to copy; deploy one first")
    have = len(vms)
    ids = [v["id"] for v in vms]
    marks = ",".join("?" for _ in ids)
    nics = rows(db, f"SELECT * FROM nic WHERE vm_id IN ({marks})", ids)
    roots = rows(db, f"SELECT * FROM volume WHERE volume_type = 'ROOT' AND vm_id IN ({marks})", ids)
    next_vm = db.execute("SELECT COALESCE(MAX(id), 0) FROM vm_instance").fetchone()[0] + 1
    next_nic = db.execute("SELECT COALESCE(MAX(id), 0) FROM nic").fetchone()[0] + 1
    next_vol = db.execute("SELECT COALESCE(MAX(id), 0) FROM volume").fetchone()[0] + 1
    new_vms, new_nics, new_vols = [], [], []
    for i in range(max(0, target - have)):
        src = vms[i % have]
        vm_id = next_vm + i
        name = f"fill-{target}-{i}"
        new_vms.append({**src, "id": vm_id, "uuid": str(uuid.uuid4()), "name": name, "display_name": name,
                        "instance_name": f"i-2-{vm_id}-VM"})
        for n in (n for n in nics if n["vm_id"] == src["id"]):
            nic_id = next_nic + len(new_nics)
            new_nics.append({**n, "id": nic_id, "uuid": str(uuid.uuid4()), "vm_id": vm_id, "ip_address_id": None,
                             "mac_address": "1e:01:" + ":".join(f"{(nic_id >> s) & 0xff:02x}" for s in (24, 16, 8, 0))})
        for v in (v for v in roots if v["vm_id"] == src["id"]):
            new_vols.append({**v, "id": next_vol + len(new_vols), "uuid": str(uuid.uuid4()), "name": f"ROOT-{vm_id}",
                             "vm_id": vm_id})
    with db:
        insert(db, "vm_instance", new_vms)
        insert(db, "nic", new_nics)
        insert(db, "volume", new_vols)
    print(db.execute("SELECT COUNT(*) FROM vm_instance WHERE vm_type = 'User' AND removed IS NULL").fetchone()[0])


if __name__ == "__main__":
    main()
