#!/usr/bin/env python3
"""Checks every assertion of a fixture's expected.json against `lede parse` (issue: Article analyzer).

    python3 bench/seed-check.py [--lede target/release/lede] [../shared/fixtures/seed-article.expected.json]

The fixture stays in ../shared (it is measured, never copied here); this prints one line per
assertion and exits 1 when any fails.
"""

import argparse
import json
import os
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lede", default="target/release/lede")
    ap.add_argument("expected", nargs="?", default="../shared/fixtures/seed-article.expected.json")
    args = ap.parse_args()
    want = json.load(open(args.expected))
    path = os.path.join(os.path.dirname(args.expected), want["file"])
    out = subprocess.run(
        [args.lede, "parse", "--format", "ndjson", path], capture_output=True, text=True, check=True
    ).stdout
    got = json.loads(out.splitlines()[0])
    body = got.get("body") or ""
    date = got.get("date") or ""
    checks = []
    if "title" in want:
        checks.append(("title", got.get("title") == want["title"], got.get("title")))
    if "summary" in want:
        checks.append(("summary", got.get("summary") == want["summary"], got.get("summary")))
    if "date" in want:
        # The expected date has no zone: compare the wall-clock time as written.
        checks.append(("date", date[:19] == want["date"][:19], date))
    if "date_must_not_be" in want:
        checks.append(("date is not " + want["date_must_not_be"], not date.startswith(want["date_must_not_be"]), date))
    if "source_any_of" in want:
        checks.append(("source", got.get("source") in want["source_any_of"], got.get("source")))
    if "body_starts_with" in want:
        checks.append(("body start", body.startswith(want["body_starts_with"]), body[:60]))
    if "body_ends_with" in want:
        checks.append(("body end", body.endswith(want["body_ends_with"]), body[-60:]))
    for s in want.get("body_must_contain", []):
        checks.append(("body has " + repr(s[:40]), s in body, ""))
    for s in want.get("body_must_not_contain", []):
        checks.append(("body lacks " + repr(s[:40]), s not in body, ""))
    failed = 0
    for name, ok, seen in checks:
        failed += not ok
        print(("ok   " if ok else "FAIL ") + name + ("" if ok else f"  (got {seen!r})"))
    print(f"{len(checks) - failed} of {len(checks)} assertions hold")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
