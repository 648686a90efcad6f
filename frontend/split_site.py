#!/usr/bin/env python3
"""Puts the output of `wasm-split-cli` into the site's pkg/ the way leptos' HydrationScripts expects it.

usage: split_site.py assemble <wasm-split output dir> <pkg dir>   (after wasm-bindgen wrote <pkg>/nimbus.js)
       split_site.py sizes <pkg dir>   (bytes a browser fetches: the main module, each split point's modules, all)

wasm-split-cli (crates.io wasm_split_cli_support, pinned in the Makefile) writes the split modules, the shared chunks
and a link module `__wasm_split.js`, but not the manifest cargo-leptos writes. This script
- copies the modules the link module loads (it skips chunks it marks empty) into pkg/,
- writes pkg/__wasm_split_manifest.json: for each split point, the module files it needs (what the server's render
  preloads for the lazy routes on the page),
- names the link module as HydrationScripts preloads it (`__wasm_split.<22 underscores>.js`) and points nimbus.js's
  import at that name.
"""

import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

LINK = "__wasm_split.js"
LEPTOS_LINK = "__wasm_split.______________________.js"


def assemble(split_dir: Path, pkg: Path) -> None:
    js = (split_dir / LINK).read_text()
    # `const __chunk_N = makeLoad(<fetcher>, []);`: a chunk shared by several split points.
    chunks = {}
    for m in re.finditer(r"const (__chunk_\d+) = makeLoad\((.*?), \[\]\);", js, re.S):
        file = re.search(r'"\./([^"]+)\.wasm"', m.group(2))
        chunks[m.group(1)] = file.group(1) if file else None
    # `export const __wasm_split_load_<split> = wrapAsyncCb(makeLoad(<fetcher>, [<chunks>]));`
    manifest = {}
    for m in re.finditer(
        r"export const __wasm_split_load_(\S+) = wrapAsyncCb\(makeLoad\((.*?), \[(.*?)\]\)\);", js, re.S
    ):
        own = re.search(r'"\./([^"]+)\.wasm"', m.group(2))
        deps = [chunks[d.strip()] for d in m.group(3).split(",") if d.strip()]
        files = [f for f in deps if f] + ([own.group(1)] if own else [])
        manifest[m.group(1)] = files
    if not manifest:
        sys.exit(f"{split_dir / LINK}: no split points found (is the wasm built with lazy routes?)")
    for name in sorted({f for files in manifest.values() for f in files}):
        shutil.copyfile(split_dir / f"{name}.wasm", pkg / f"{name}.wasm")
    (pkg / "__wasm_split_manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    (pkg / LEPTOS_LINK).write_text(js)
    # Only the JS import's path changes: the imports object handed to the wasm keeps the module name it was linked with.
    main_js = pkg / "nimbus.js"
    text = main_js.read_text()
    imported = f'from "./{LINK}"'
    if imported not in text:
        sys.exit(f"{main_js} does not import ./{LINK}")
    main_js.write_text(text.replace(imported, f'from "./{LEPTOS_LINK}"'))
    print(f"{len(manifest)} split points, {len(set(chunks.values()) - {None})} shared chunks")


def compressed(data: bytes) -> tuple[int, int | None]:
    """gzip -9 and brotli -q 11 sizes (brotli from Debian's CLI; None when it is missing)."""
    try:
        br = len(subprocess.run(["brotli", "-q", "11", "-c"], input=data, capture_output=True, check=True).stdout)
    except (OSError, subprocess.CalledProcessError):
        br = None
    return len(gzip.compress(data, 9)), br


def sizes(pkg: Path) -> None:
    """Each file is fetched (and compressed) on its own, so sums are of per-file sizes."""
    cache = {}

    def size(name: str) -> tuple[int, int, int | None]:
        if name not in cache:
            data = (pkg / name).read_bytes()
            cache[name] = (len(data), *compressed(data))
        return cache[name]

    def total(names) -> str:
        rows = [size(n) for n in names]
        br = "?" if any(r[2] is None for r in rows) else f"{sum(r[2] for r in rows):,}"
        return f"{sum(r[0] for r in rows):,} raw, {sum(r[1] for r in rows):,} gzip -9, {br} brotli -q 11"

    main_wasm = "nimbus_bg.wasm"
    print(f"{pkg / main_wasm} (the login page needs only this): {total([main_wasm])}")
    manifest_file = pkg / "__wasm_split_manifest.json"
    if not manifest_file.exists():
        return
    manifest = json.loads(manifest_file.read_text())
    for split, files in sorted(manifest.items()):
        name = re.sub(r"_\d+$", "", split)
        wasm = [f"{f}.wasm" for f in files]
        print(f"  {name} ({len(wasm)} files): {total(wasm)}; with the main module {total([main_wasm, *wasm])}")
    every = sorted({f"{f}.wasm" for files in manifest.values() for f in files})
    print(f"  all {len(every) + 1} files: {total([main_wasm, *every])}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "assemble":
        assemble(Path(sys.argv[2]), Path(sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "sizes":
        sizes(Path(sys.argv[2]))
    else:
        sys.exit(__doc__)
