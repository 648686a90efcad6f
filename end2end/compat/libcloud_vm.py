"""Deploys, lists, reboots and destroys a VM with apache-libcloud's CloudStack driver in the basic zone cs_zone.py built.

Usage: libcloud_vm.py BASE_URL
libcloud signs the classic way (no signatureVersion) and polls async jobs itself. Set LIBCLOUD_DEBUG=/dev/stderr to
see every request and response.
"""

import sys
from urllib.parse import urlsplit

from libcloud.compute.providers import get_driver
from libcloud.compute.types import NodeState, Provider

from cs_check import expect, login_and_register_keys
import cs_check


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    endpoint = sys.argv[1].rstrip("/") + "/client/api"
    _, key, secret = login_and_register_keys(endpoint)
    url = urlsplit(endpoint)
    driver = get_driver(Provider.CLOUDSTACK)(
        key=key, secret=secret, host=url.hostname, port=url.port, path=url.path, secure=False
    )

    locations = [z for z in driver.list_locations() if z.name == "cs-basic"]
    expect(len(locations) == 1, "libcloud list_locations finds the cs-basic zone")
    location = locations[0]
    sizes = [s for s in driver.list_sizes() if s.name == "Small Instance"]
    expect(len(sizes) == 1 and sizes[0].ram > 0, "libcloud list_sizes finds Small Instance with its memory")
    images = driver.list_images(location=location)
    expect(len(images) > 0, f"libcloud list_images finds {len(images)} executable template(s) in the zone")

    # libcloud's create_node sends startvm=False unless told otherwise; a CloudStack user wants it running.
    node = driver.create_node(name="lc-vm1", size=sizes[0], image=images[0], location=location, ex_start_vm=True)
    expect(node.state == NodeState.RUNNING, f"libcloud create_node: {node.id} is running (job polled by libcloud)")
    expect(node.private_ips or node.public_ips, f"the node has an address ({node.private_ips or node.public_ips})")

    def find():
        found = [n for n in driver.list_nodes(location=location) if n.id == node.id]
        expect(len(found) == 1, f"libcloud list_nodes lists {node.id}")
        return found[0]

    listed = find()
    expect(listed.name == "lc-vm1" and listed.state == NodeState.RUNNING, "listed as lc-vm1, running")
    expect(listed.extra.get("size_id") == sizes[0].id and listed.extra.get("image_id") == images[0].id,
           "list_nodes reports the node's size and image")

    expect(driver.reboot_node(node) is True, "libcloud reboot_node")
    expect(find().state == NodeState.RUNNING, "running again after reboot")

    expect(driver.destroy_node(node) is True, "libcloud destroy_node")
    expect(find().state == NodeState.TERMINATED, "list_nodes shows it terminated (Destroyed)")
    print(f"libcloud VM lifecycle: {cs_check.checks} checks passed against {endpoint}")


if __name__ == "__main__":
    main()
