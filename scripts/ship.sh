#!/usr/bin/env bash
# Replace shipped checkpoints with finished runs trained elsewhere (OUT=runs/X bash scripts/train_all.sh ..., or
# staged/en-ko from `bash scripts/train_all.sh en-ko-next`): each folder is copied into checkpoints/ (model, config,
# tokenizers, history, metrics; never resume.keras), its state index is rebuilt from the new weights, and its card
# rewritten from its files. Nothing is replaced unless every run is finished, complete and evaluated, and all
# share one training config (a task's checkpoints differ only in what their names say).
# Usage: bash scripts/ship.sh runs/X NAME [NAME ...]     e.g. bash scripts/ship.sh staged/en-ko en-ko-gru-attn ...
set -euo pipefail
cd "$(dirname "$0")/.."
from="$1"; shift
FILES="config.json history.json metrics.json train_state.json model.keras src.model tgt.model"
for name in "$@"; do
  src="$from/$name"
  state="$src/train_state.json"
  if ! python -c 'import json, sys; sys.exit(not json.load(open(sys.argv[1])).get("finished"))' "$state" 2>/dev/null; then
    echo "$src: not a finished run (train_state.json says it is unfinished or is missing)" >&2; exit 1
  fi
  [ -f "$src/metrics.json" ] || { echo "$src: no metrics.json (python -m seq2seq.evaluate $src)" >&2; exit 1; }
  for f in $FILES; do [ -f "$src/$f" ] || { echo "$src: no $f" >&2; exit 1; }; done
done
python - "$from" "$@" <<'PY' || exit 1
import json, sys
trains = {n: json.load(open(f"{sys.argv[1]}/{n}/config.json"))["train"] for n in sys.argv[2:]}
if len({json.dumps(t, sort_keys=True) for t in trains.values()}) > 1:
    sys.exit(f"{sys.argv[1]}: the runs were trained with different settings: {sorted(trains)}")
PY
for name in "$@"; do
  rm -rf "checkpoints/$name.new"
  mkdir "checkpoints/$name.new"
  for f in $FILES; do
    cp "$from/$name/$f" "checkpoints/$name.new/$f"
  done
  rm -rf "checkpoints/$name"
  mv "checkpoints/$name.new" "checkpoints/$name"
  python -m seq2seq.index "checkpoints/$name"
  python -m seq2seq.card "checkpoints/$name"
  echo "shipped $name from $from"
done
