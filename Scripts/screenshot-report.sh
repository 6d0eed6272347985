#!/usr/bin/env bash
# Takes a screenshot of a Kring report in a real headless browser (Debian's chromium).
#
#   Scripts/screenshot-report.sh PATH/report.html OUT.png [WIDTHxHEIGHT]
#
# Installs chromium with apt-get when it is missing and we are root. Exits non-zero with a
# message when the report is missing, no browser can be had, or the screenshot is not a PNG.
set -euo pipefail

usage() { echo "usage: $0 PATH/report.html OUT.png [WIDTHxHEIGHT]" >&2; exit 2; }
[ $# -ge 2 ] && [ $# -le 3 ] || usage
report=$1
out=$2
size=${3:-1280x2000}
if [[ ! $size =~ ^[0-9]+x[0-9]+$ ]]; then
  echo "error: size must look like 1280x2000, not '$size'" >&2
  exit 2
fi
width=${size%x*}
height=${size#*x}

if [ ! -f "$report" ]; then
  echo "error: no report at '$report'; run 'kring plan' first or pass the path to report.html" >&2
  exit 1
fi

find_browser() {
  for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; return 0; fi
  done
  return 1
}

if ! browser=$(find_browser); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "chromium is missing; installing it with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq chromium >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; } || true
  fi
  if ! browser=$(find_browser); then
    echo "error: no headless browser found; install Debian's chromium (apt-get install -y chromium)" >&2
    exit 1
  fi
fi

absolute=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
mkdir -p "$(dirname "$out")"
out_absolute=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
rm -f "$out_absolute"

# A private profile keeps the run from touching or depending on a user's browser state.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
if ! "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$profile" --no-first-run --disable-extensions \
  --screenshot="$out_absolute" --window-size="$width,$height" "file://$absolute" \
  >"$profile/browser.log" 2>&1; then
  echo "error: $browser failed to render the report:" >&2
  tail -n 20 "$profile/browser.log" >&2
  exit 1
fi

# The check a test script relies on: a non-empty file that starts with the PNG signature.
if [ ! -s "$out_absolute" ]; then
  echo "error: the browser wrote no screenshot to '$out'" >&2
  exit 1
fi
signature=$(head -c 8 "$out_absolute" | od -An -tx1 | tr -d ' \n')
if [ "$signature" != "89504e470d0a1a0a" ]; then
  echo "error: '$out' is not a PNG (signature $signature)" >&2
  exit 1
fi
echo "wrote $out ($(wc -c <"$out_absolute") bytes)"
