#!/usr/bin/env python3
"""How well lede tells a page's language from its text alone.

For every page in a folder that declares its language (`<html lang>`), writes a copy with the
declarations taken out (`lang=`, `Content-Language`, `og:locale`, `inLanguage`), runs
`lede parse --format ndjson` on the copies and compares what lede reads with what the page
declared (the primary subtag: `en-GB` is `en`). Prints accuracy, the confusions, and pages/s.

    python3 bench/lang-check.py --lede target/release/lede ../shared/eval/html-dev/pages --prefix readability
"""
import argparse
import collections
import json
import pathlib
import re
import subprocess
import tempfile
import time

LANG_ATTR = re.compile(rb'<html\b[^>]*?\blang\s*=\s*["\']?([A-Za-z]{2,3})', re.I)
STRIP = [
    re.compile(rb'(<html\b[^>]*?)\s(?:xml:)?lang\s*=\s*("[^"]*"|\'[^\']*\'|[^\s>]+)', re.I),
    re.compile(rb'<meta[^>]+(?:content-language|og:locale)[^>]*>', re.I),
    re.compile(rb'"inLanguage"\s*:\s*"[^"]*"\s*,?', re.I),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lede", default="target/release/lede")
    ap.add_argument("--prefix", default="", help="only pages whose name starts with this")
    ap.add_argument("folder")
    args = ap.parse_args()
    pages = sorted(p for p in pathlib.Path(args.folder).iterdir()
                   if p.name.startswith(args.prefix) and p.suffix in (".html", ".htm"))
    declared = {}
    with tempfile.TemporaryDirectory() as tmp:
        for p in pages:
            raw = p.read_bytes()
            m = LANG_ATTR.search(raw)
            if not m:
                continue
            for _ in range(3):
                for rx in STRIP:
                    raw = rx.sub(lambda x: x.group(1) if x.re is STRIP[0] else b"", raw)
            out = pathlib.Path(tmp) / p.name
            out.write_bytes(raw)
            declared[str(out)] = m.group(1).decode().lower()[:2]
        start = time.time()
        res = subprocess.run([args.lede, "parse", "--format", "ndjson", *declared],
                             capture_output=True, text=True)
        took = time.time() - start
    read = {}
    for line in res.stdout.splitlines():
        a = json.loads(line)
        read.setdefault(a["path"], a.get("lang"))
    right = sum(1 for p, d in declared.items() if read.get(p) == d)
    wrong = collections.Counter((d, read.get(p)) for p, d in declared.items() if read.get(p) != d)
    langs = collections.Counter(declared.values())
    print(f"pages declaring a language: {len(declared)} ({dict(langs.most_common())})")
    print(f"read from the text alone:   {right}/{len(declared)} = {right / max(1, len(declared)):.3f}")
    for (d, r), n in wrong.most_common():
        print(f"  declared {d}, read {r}: {n}")
    print(f"lede parse: {len(declared) / took:.0f} pages/s (whole analysis, one process)")


if __name__ == "__main__":
    main()
