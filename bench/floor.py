#!/usr/bin/env python3
"""The machine's floor for one build: read every input file, write the same bytes into the same files.

usage: python bench/floor.py CONTENT OUT MANIFEST

Reads every file under CONTENT (bytes, no parsing), then creates each file listed in MANIFEST (a JSON
list of [relative path, size] taken from a real build's output) under OUT with that many bytes, making
the same folders. No YAML, no Markdown, no templates: what is left is interpreter start-up, the file
system and the page cache, i.e. what no generator on this machine can beat. bench/run.py times this
script as a whole (fresh process, like a build) with OUT deleted first. Standard library only.
"""

from __future__ import annotations

import json
import os
import sys


def main() -> int:
    content, out, manifest = sys.argv[1:4]
    read = 0
    for root, _dirs, files in os.walk(content):
        for name in files:
            with open(os.path.join(root, name), "rb") as fh:
                read += len(fh.read())
    with open(manifest, encoding="utf-8") as fh:
        entries = json.load(fh)
    biggest = max((size for _rel, size in entries), default=0)
    buf = memoryview(b"<" * biggest)
    made: set[str] = set()
    written = 0
    for rel, size in entries:
        path = os.path.join(out, rel)
        parent = os.path.dirname(path)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        with open(path, "wb") as fh:
            written += fh.write(buf[:size])
    print(f"floor: read {read} bytes, wrote {written} bytes in {len(entries)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
