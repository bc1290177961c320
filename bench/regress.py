#!/usr/bin/env python3
"""Same output before and after a refactor: a regression check over ../shared/eval.

    python3 bench/regress.py --save      # with the build before the change: write the baseline
    python3 bench/regress.py             # with the build after: compare, print what differs

It runs `lede parse --explain --format ndjson` on every article file of every eval set, and
indexes each set and runs a fixed list of searches (the rank collections' own queries, plus a
word list for the news folders) through `lede search --format ndjson`. Each article's parse and
each search's ranked hits are hashed; the baseline (hashes only, no eval text) goes under
target/regress/. Elapsed times are left out of what is compared, since they differ every run.

Exit status: 0 same output, 1 something differs, 2 error.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
BASELINE = ROOT / "target" / "regress" / "baseline.json"

# Sets of article files: (name, folder under eval, glob).
PARSE_SETS = [
    ("bbc", "bbc", "*/*.txt"),
    ("reuters-dev", "reuters-dev/articles", "*.txt"),
    ("html-dev", "html-dev/pages", "*.html"),
    ("dragnet-dev", "dragnet-dev/pages", "*.html"),
    ("cran", "cran/docs", "*.txt"),
    ("med", "med/docs", "*.txt"),
    ("lisa", "lisa/docs", "*.txt"),
    ("npl", "npl/docs", "*.txt"),
]

# Indexed sets and the searches run on each: the rank collections use their own queries (plain,
# any-word, as rank_eval.py runs them); the news folders a fixed mix of query kinds.
NEWS_QUERIES = [
    "yukos", "oil opec", '"interest rates"', "election*", "title:economy", "growth -china",
    "market OR shares", "date:1987", "minister", "football club",
    # Malformed ones: the error message is output too.
    '"unclosed phrase', "(oil AND", "nosuchfield:oil", "date:1987-13",
]
# Hit fields added after some baseline was saved, with the value that means "as before".
ADDED_DEFAULTS = {"related": False}
SEARCH_SETS = [
    ("bbc", "bbc", None),
    ("reuters-dev", "reuters-dev/articles", None),
    ("html-dev", "html-dev/pages", None),
    ("cran", "cran/docs", "cran/queries.tsv"),
    ("med", "med/docs", "med/queries.tsv"),
    ("lisa", "lisa/docs", "lisa/queries.tsv"),
    ("npl", "npl/docs", "npl/queries.tsv"),
]


def digest(obj) -> str:
    return hashlib.blake2b(json.dumps(obj, sort_keys=True).encode(), digest_size=12).hexdigest()


def parse_set(lede, folder, pattern):
    """Hash of each article's `lede parse --explain` record, keyed by file and article number."""
    files = sorted(str(p) for p in (EVAL / folder).glob(pattern))
    out = {}
    for i in range(0, len(files), 200):
        batch = files[i : i + 200]
        run = subprocess.run(
            [lede, "parse", "--explain", "--format", "ndjson", *batch],
            capture_output=True, text=True,
        )
        if run.returncode not in (0, 1):
            sys.exit(f"lede parse failed ({run.returncode}): {run.stderr[:500]}")
        seen = {}
        for line in run.stdout.splitlines():
            rec = json.loads(line)
            path = os.path.relpath(rec.get("path", ""), EVAL)
            n = seen.get(path, 0)
            seen[path] = n + 1
            out[f"{path}#{n}"] = digest(rec)
        for line in run.stderr.splitlines():
            out[f"stderr:{line}"] = "skipped"
    return out


def queries(spec):
    if spec is None:
        return [(q, q, []) for q in NEWS_QUERIES]
    rows = []
    for line in (EVAL / spec).read_text(encoding="utf-8").splitlines():
        qid, _, text = line.partition("\t")
        if text:
            rows.append((qid, text, ["--any", "--plain"]))
    return rows


def search_set(lede, folder, spec):
    """Hash of each search's ranked (path, score) list and total."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        idx = os.path.join(tmp, "index")
        run = subprocess.run(
            [lede, "index", str(EVAL / folder), "--index", idx], capture_output=True, text=True
        )
        if run.returncode not in (0, 1):
            sys.exit(f"lede index failed ({run.returncode}): {run.stderr[:500]}")
        for qid, text, flags in queries(spec):
            run = subprocess.run(
                [lede, "search", "--index", idx, "--format", "ndjson", "--limit", "100",
                 *flags, "--", text],
                capture_output=True, text=True,
            )
            hits = []
            for line in run.stdout.splitlines():
                rec = json.loads(line)
                rec.pop("elapsed_ms", None)
                # A hit field added later, at its default, is no change to the output.
                for field, default in ADDED_DEFAULTS.items():
                    if rec.get(field, default) == default:
                        rec.pop(field, None)
                if "path" in rec:
                    rec["path"] = os.path.relpath(rec["path"], EVAL)
                    rec["copies"] = [os.path.relpath(c, EVAL) for c in rec.get("copies", [])]
                hits.append(rec)
            out[f"q:{qid}"] = digest([run.returncode, hits, run.stderr.strip()])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lede", default=str(ROOT / "target" / "release" / "lede"))
    ap.add_argument("--save", action="store_true", help="write the baseline instead of comparing")
    ap.add_argument("--baseline", default=str(BASELINE))
    args = ap.parse_args()
    if not EVAL.is_dir():
        sys.exit(f"no eval data at {EVAL}")
    now = {}
    for name, folder, pattern in PARSE_SETS:
        now[f"parse/{name}"] = parse_set(args.lede, folder, pattern)
        print(f"parsed {name}: {len(now[f'parse/{name}'])} articles", file=sys.stderr)
    for name, folder, spec in SEARCH_SETS:
        now[f"search/{name}"] = search_set(args.lede, folder, spec)
        print(f"searched {name}: {len(now[f'search/{name}'])} searches", file=sys.stderr)
    base_path = Path(args.baseline)
    if args.save:
        base_path.parent.mkdir(parents=True, exist_ok=True)
        base_path.write_text(json.dumps(now, indent=0, sort_keys=True))
        print(f"baseline saved to {base_path}")
        return 0
    if not base_path.exists():
        sys.exit(f"no baseline at {base_path}: run with --save on the build before the change")
    base = json.loads(base_path.read_text())
    articles = searches = 0
    differ = []
    for group in sorted(set(base) | set(now)):
        a, b = base.get(group, {}), now.get(group, {})
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                differ.append(f"{group}: {key}")
        if group.startswith("parse/"):
            articles += len(b)
        else:
            searches += len(b)
    if differ:
        print(f"{len(differ)} differences:")
        for d in differ[:50]:
            print("  " + d)
        return 1
    print(f"same output on {articles} articles and {searches} searches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
