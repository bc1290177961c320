#!/usr/bin/env python3
"""SIGKILL at random moments, then a plain re-run: is the index exactly what a clean run makes?

    python3 bench/kill-test.py [--kills 50] [--lede target/release/lede] [--seed 1]

Builds a synthetic archive under target/kill-test/ (articles with repeated furniture lines, so
learnt furniture is at stake, and stories saved twice, so copy marks are), then for each trial:
changes the folder (fresh index, an incremental change, or a `--full` run), starts `lede index`,
kills it with SIGKILL after a random delay, runs `lede index` again plainly, and compares the
index (`lede export`: every article's fields, body, copy marks) with one built from scratch on
the same folder. Prints a tally; exit status 1 if any trial differs.
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "kill-test"
WORDS = ("harbour ferry council tunnel pier crane budget vote island storm market fishing "
         "school bridge road rail water power wind tide gulls quay boat river hill farm").split()
FOOTERS = [
    "Follow the Harbour Gazette on Mastodon for more.",
    "Got a tip? Write to the newsroom at the quay office.",
]


def article(rng, n, source):
    title = " ".join(rng.choice(WORDS) for _ in range(5)).capitalize()
    paras = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60))) + "." for _ in range(4)]
    footer = FOOTERS[n % len(FOOTERS)]
    return f"{title}\n\nBy Staff {n % 7}\n\n" + "\n\n".join(paras) + f"\n\n{footer}\n", source


def build_corpus(docs, rng, n):
    if docs.exists():
        shutil.rmtree(docs)
    for i in range(n):
        source = f"source-{i % 4}"
        text, source = article(rng, i, source)
        p = docs / source / f"story-{i:05d}.txt"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
        if i % 25 == 0:  # a story saved twice
            (docs / source / f"story-{i:05d}-copy.txt").write_text(text)


def change(docs, rng):
    files = sorted(docs.rglob("*.txt"))
    for p in rng.sample(files, min(10, len(files))):
        p.write_text(p.read_text() + "\n\nA late paragraph about the " + rng.choice(WORDS) + ".\n")
    for i in range(10):
        text, source = article(rng, 100_000 + rng.randint(0, 10**6), f"source-{i % 4}")
        (docs / source / f"new-{rng.randint(0, 10**9)}.txt").write_text(text)
    for p in rng.sample(files, min(3, len(files))):
        if p.exists():
            p.unlink()


def dump(lede, index):
    out = subprocess.run([lede, "export", "--index", str(index)], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    rows = [json.loads(l) for l in out.stdout.splitlines()]
    return sorted((r["id"], r["title"], r["body"], r["source"], r["date"], r["copy"], r["copies"])
                  for r in rows)


def index(lede, docs, idx, extra=()):
    return subprocess.run([lede, "index", str(docs), "--index", str(idx), *extra],
                          capture_output=True, text=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lede", default=str(ROOT / "target" / "release" / "lede"))
    ap.add_argument("--kills", type=int, default=50, help="runs to kill (trials go on until then)")
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-kill", action="store_true",
                    help="let every run finish: tells a kill's damage from an incremental run's")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    docs, idx, clean = WORK / "docs", WORK / "index", WORK / "clean"
    build_corpus(docs, rng, args.files)
    # How long an uninterrupted run takes, to spread the kills over it.
    shutil.rmtree(idx, ignore_errors=True)
    t = time.monotonic()
    index(args.lede, docs, idx)
    full_run = time.monotonic() - t
    tally = {"same": 0, "different": 0, "killed before the end": 0, "finished first": 0}
    kinds = {"fresh": 0, "incremental": 0, "full": 0}
    trial = -1
    # Trials go on until `--kills` runs were really killed (a run may finish before its delay).
    while tally["killed before the end"] < args.kills and trial < 4 * args.kills:
        trial += 1
        kind = rng.choice(list(kinds))
        kinds[kind] += 1
        extra = []
        if kind == "fresh":
            shutil.rmtree(idx, ignore_errors=True)
        elif kind == "incremental":
            change(docs, rng)
            if os.environ.get("KILL_TEST_STOP") == str(trial):
                sys.exit(f"stopped before trial {trial}'s run (incremental)")
        else:
            extra = ["--full"]
        proc = subprocess.Popen([args.lede, "index", str(docs), "--index", str(idx), *extra],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        delay = rng.uniform(0, full_run * 1.1)
        if args.no_kill:
            proc.wait()
            # Counted as the trials to do, so that --no-kill runs --kills trials.
            tally["killed before the end"] += 1
        else:
            time.sleep(delay)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                tally["killed before the end"] += 1
            else:
                tally["finished first"] += 1
        proc.wait()
        rerun = index(args.lede, docs, idx)
        shutil.rmtree(clean, ignore_errors=True)
        index(args.lede, docs, clean)
        got, want = dump(args.lede, idx), dump(args.lede, clean)
        same = got is not None and got == want and rerun.returncode in (0, 1)
        tally["same" if same else "different"] += 1
        if not same:
            print(f"trial {trial} ({kind}): the re-run's index differs from a clean run's",
                  file=sys.stderr)
            if got is not None and want is not None:
                names = ("id", "title", "body", "source", "date", "copy", "copies")
                mine = {r[0]: r for r in got}
                for row in [r for r in want if mine.get(r[0]) != r][:3]:
                    other = mine.get(row[0])
                    fields = [n for n, a, b in zip(names, row, other or row) if a != b]
                    print(f"  {row[0]}: {'missing' if other is None else ', '.join(fields)}",
                          file=sys.stderr)
                    if other is not None and "body" in fields:
                        only_clean = set(row[2].split("\n\n")) - set(other[2].split("\n\n"))
                        only_rerun = set(other[2].split("\n\n")) - set(row[2].split("\n\n"))
                        print(f"    only in the clean run's: {sorted(only_clean)[:2]}; "
                              f"only in the re-run's: {sorted(only_rerun)[:2]}", file=sys.stderr)
            keep = WORK / f"differs-{trial}"
            shutil.rmtree(keep, ignore_errors=True)
            shutil.copytree(idx, keep / "index")
            shutil.copytree(clean, keep / "clean")
            (keep / "rerun.log").write_text(rerun.stderr)
    print(f"{trial + 1} trials ({kinds['fresh']} fresh, {kinds['incremental']} incremental, "
          f"{kinds['full']} --full) on {args.files} files; an uninterrupted run takes "
          f"{full_run:.2f} s")
    for k, v in tally.items():
        print(f"  {k}: {v}")
    return 0 if tally["different"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
