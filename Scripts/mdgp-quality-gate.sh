#!/usr/bin/env bash
# MDGPLIB quality gate for the native grouping search.
#
# Usage: Scripts/mdgp-quality-gate.sh KRING_BINARY [MDGPLIB_DIR]
#
# Runs `kring mdgp --json --iterations N --seed 1` on eight n = 120 instances (RanReal and
# Geo, ss and ds, 01-02), compares each objective with `best` in reference-values.csv, prints
# the per-instance gap and the mean, and fails when the mean gap exceeds THRESHOLD_PERCENT.
# The iteration budget makes the result independent of the machine's speed and load; it is
# about 1 s per instance in a release build. Exits 0 with a message when the data is absent.
set -euo pipefail

ITERATIONS="${MDGP_GATE_ITERATIONS:-20000}"
THRESHOLD_PERCENT="${MDGP_GATE_THRESHOLD:-0.25}"

if [[ $# -lt 1 ]]; then
  echo "usage: $0 KRING_BINARY [MDGPLIB_DIR]" >&2
  exit 2
fi
kring="$1"
script_dir="$(cd "$(dirname "$0")" && pwd)"
data="${2:-${MDGPLIB_DIR:-$script_dir/../../shared/benchmarks/mdgplib}}"

if [[ ! -x "$kring" ]]; then
  echo "mdgp-quality-gate: $kring is not an executable" >&2
  exit 2
fi
if [[ ! -f "$data/reference-values.csv" || ! -d "$data/instances" ]]; then
  echo "mdgp-quality-gate: no MDGPLIB data in $data; skipped."
  exit 0
fi

instances=(
  RanReal_n120_ss_01 RanReal_n120_ss_02 RanReal_n120_ds_01 RanReal_n120_ds_02
  Geo_n120_ss_01 Geo_n120_ss_02 Geo_n120_ds_01 Geo_n120_ds_02
)

printf '%-20s %14s %14s %9s\n' instance objective best gap%
gaps=()
for name in "${instances[@]}"; do
  file="$data/instances/$name.txt"
  best="$(awk -F, -v n="$name" '$1 == n { print $2 }' "$data/reference-values.csv")"
  if [[ ! -f "$file" || -z "$best" ]]; then
    echo "mdgp-quality-gate: $name missing from $data" >&2
    exit 1
  fi
  json="$("$kring" mdgp "$file" --json --iterations "$ITERATIONS" --seed 1)"
  objective="$(printf '%s' "$json" | sed -n 's/.*"objective":\([-0-9.eE+]*\).*/\1/p')"
  if [[ -z "$objective" ]]; then
    echo "mdgp-quality-gate: no objective in the output for $name: $json" >&2
    exit 1
  fi
  gap="$(awk -v b="$best" -v o="$objective" 'BEGIN { printf "%.4f", 100 * (b - o) / b }')"
  gaps+=("$gap")
  printf '%-20s %14.3f %14.3f %9s\n' "$name" "$objective" "$best" "$gap"
done

mean="$(printf '%s\n' "${gaps[@]}" | awk '{ s += $1 } END { printf "%.4f", s / NR }')"
echo "mean gap: $mean % (threshold $THRESHOLD_PERCENT %, $ITERATIONS iterations, seed 1)"
if awk -v m="$mean" -v t="$THRESHOLD_PERCENT" 'BEGIN { exit !(m > t) }'; then
  echo "mdgp-quality-gate: FAILED: mean gap $mean % exceeds $THRESHOLD_PERCENT %" >&2
  exit 1
fi
echo "mdgp-quality-gate: passed"
