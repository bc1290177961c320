#!/usr/bin/env bash
# tantivy-cli with two indexing threads, as one more peer for ../shared/peers/bench.py: the
# shared tantivy.sh (one thread, its default) run with a `tantivy` whose `index` gets
# `--num_threads 2`. Same interface as the peers' scripts (index / query / rawquery).
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
peers=${PEERS_DIR:-$here/../../shared/peers}
if [[ ${1:-} == __tantivy ]]; then
  # called back as TANTIVY below
  shift
  real=$(command -v tantivy || echo "$HOME/.cargo/bin/tantivy")
  if [[ ${1:-} == index ]]; then
    shift
    exec "$real" index --num_threads 2 "$@"
  fi
  exec "$real" "$@"
fi
shim=$(mktemp)
trap 'rm -f "$shim"' EXIT
printf '#!/usr/bin/env bash\nexec %q __tantivy "$@"\n' "$here/tantivy-t2.sh" > "$shim"
chmod +x "$shim"
TANTIVY=$shim bash "$peers/tantivy.sh" "$@"
