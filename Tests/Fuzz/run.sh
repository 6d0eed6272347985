#!/usr/bin/env bash
# Fuzzes Kring's readers with libFuzzer (the Swift toolchain's own):
#   Tests/Fuzz/run.sh READER|all [SECONDS]     READER: csv json yaml plan resources mdgp
# Each reader runs on a copy of its corpus (Corpus/READER) in .work/READER, so that the inputs
# libFuzzer adds stay out of the repository; a crash is saved as .work/crash-READER-….
set -euo pipefail
cd "$(dirname "$0")"
all=(csv json yaml plan resources mdgp)
which="${1:-all}"
seconds="${2:-600}"
if [ "$which" = all ]; then readers=("${all[@]}"); else readers=("$which"); fi

swift build -c release -Xswiftc -sanitize=fuzzer --product KringFuzz
binary="$(swift build -c release -Xswiftc -sanitize=fuzzer --show-bin-path)/KringFuzz"

status=0
for reader in "${readers[@]}"; do
  [ -d "Corpus/$reader" ] || { echo "unknown reader: $reader" >&2; exit 2; }
  mkdir -p ".work/$reader"
  cp -n "Corpus/$reader"/* ".work/$reader/" 2>/dev/null || true
  echo "== $reader, $seconds s"
  KRING_FUZZ_READER="$reader" "$binary" ".work/$reader" \
    -max_total_time="$seconds" -max_len=131072 -timeout=20 -rss_limit_mb=2048 \
    -artifact_prefix=".work/crash-$reader-" -print_final_stats=1 || status=$?
done
exit "$status"
