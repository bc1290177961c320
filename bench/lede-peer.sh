#!/usr/bin/env bash
# lede as one more "peer" for ../shared/peers/bench.py (same interface as the scripts there):
#   lede-peer.sh index CORPUS_DIR INDEX_DIR
#   lede-peer.sh query INDEX_DIR "QUERY" [K]      rank<TAB>score<TAB>path<TAB>title<TAB>snippet
#   lede-peer.sh rawquery INDEX_DIR "QUERY" [K]   the bare `lede search`, output discarded by the caller
# QUERY is the harness syntax (words ANDed, "double quotes" a phrase), which is also lede's.
# LEDE points at the binary (default: target/release/lede beside this script).
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
LEDE=${LEDE:-$here/../target/release/lede}
mode=${1:?usage: lede-peer.sh index CORPUS INDEX | query INDEX QUERY [K]}
case $mode in
  index)
    # exit 1 means some files were skipped: still an index
    "$LEDE" index "$2" --index "$3" --quiet || [[ $? == 1 ]] ;;
  rawquery)
    # exec, as the other peers' scripts do: the tool alone, no shell waiting on it
    exec "$LEDE" search --index "$2" --limit "${4:-10}" --color never "$3" ;;
  query)
    out=$("$LEDE" search --index "$2" --limit "${4:-10}" --format ndjson "$3" || [[ $? == 1 ]])
    printf '%s\n' "$out" | python3 -c '
import sys, json, os
for line in sys.stdin:
    if not line.strip():
        continue
    d = json.loads(line)
    if d.get("type") == "summary":
        if os.environ.get("PEER_COUNT") == "1":
            print("# hits: %d" % d["total"], file=sys.stderr)
        continue
    print("%d\t%.3f\t%s\t%s\t%s" % (d["rank"], d["score"] or 0, d["path"], d["title"], d["snippet"][:160]))
' ;;
  *) echo "unknown mode $mode" >&2; exit 2 ;;
esac
