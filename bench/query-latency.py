#!/usr/bin/env python3
"""End-to-end `lede search` latency for a few query kinds on the harness archives.

    cargo bench --bench harness -- --docs 100000 --docs 1000000 --generate-only
    python3 bench/query-latency.py --lede target/release/lede --tag after [--sizes 100000 1000000]

Each size's archive (target/bench/corpus-N, written by the harness) is indexed once per tag into
target/bench/latency-TAG-N (kept, so a second run only times). Then each query runs --runs times
as a whole process (start to last byte, output to /dev/null) and the median and 95th percentile
are printed, with the number of matches and the exit code of a JSON run. Nothing is asserted.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

QUERIES = [
    ("one word", "government"),
    ("prefix", "govern*"),
    ("fuzzy", "goverment~1"),
    ("two words", "council energy"),
    ("phrase", '"interest rates"'),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lede", default="target/release/lede")
    ap.add_argument("--tag", required=True, help="names the index folders (before, after ...)")
    ap.add_argument("--sizes", nargs="+", type=int, default=[100000, 1000000])
    ap.add_argument("--runs", type=int, default=21)
    a = ap.parse_args()
    root = os.path.join("target", "bench")
    results = []
    for n in a.sizes:
        corpus = os.path.join(root, f"corpus-{n}")
        if not os.path.exists(os.path.join(corpus, ".generated")):
            sys.exit(f"no archive {corpus}: run the harness with --docs {n} --generate-only first")
        idx = os.path.join(root, f"latency-{a.tag}-{n}")
        if not os.path.exists(idx):
            t = time.time()
            subprocess.run([a.lede, "index", corpus, "--index", idx, "--quiet"], check=False)
            print(f"indexed {n} articles in {time.time() - t:.1f} s", file=sys.stderr)
        for name, q in QUERIES:
            cmd = [a.lede, "search", "--index", idx, q]
            times = []
            for _ in range(a.runs):
                t = time.perf_counter()
                subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times.append((time.perf_counter() - t) * 1000)
            j = subprocess.run(cmd + ["--format", "json"], capture_output=True, text=True)
            try:
                total = json.loads(j.stdout)["total"]
            except (ValueError, KeyError):
                total = None
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            results.append((n, name, q, statistics.median(times), p95, total, j.returncode,
                            j.stderr.strip().splitlines()[:1]))
    print(f"| articles | query | p50 ms | p95 ms | matches | exit |  ({a.tag}: {a.lede})")
    print("|---|---|---|---|---|---|")
    for n, name, q, p50, p95, total, code, err in results:
        extra = f" {err[0][:60]}" if code > 1 and err else ""
        print(f"| {n} | {name} `{q}` | {p50:.1f} | {p95:.1f} | {total} | {code}{extra} |")


if __name__ == "__main__":
    main()
