#!/usr/bin/env bash
# The workbench's browser test (Scripts/browser-test.py) with what it needs: Debian's
# chromium and chromium-driver, and Selenium from PyPI. Installs them non-interactively when
# they are missing and we are root.
#
#   Scripts/browser-test.sh KRING_BINARY [--screenshot OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 1 ] || { echo "usage: $0 KRING_BINARY [--screenshot OUT.png]" >&2; exit 2; }

if ! command -v chromedriver >/dev/null 2>&1 || ! { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "browser-test: installing chromium and chromium-driver with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null \
      || { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; }
  fi
fi
if ! python3 -c "import selenium" >/dev/null 2>&1; then
  echo "browser-test: installing selenium with pip" >&2
  python3 -m pip install --quiet selenium >/dev/null 2>&1 \
    || python3 -m pip install --quiet --break-system-packages selenium >/dev/null 2>&1 \
    || python3 -m pip install --quiet --user --break-system-packages selenium >/dev/null 2>&1 || true
fi
command -v chromedriver >/dev/null 2>&1 || { echo "browser-test: chromium-driver is not available" >&2; exit 1; }
python3 -c "import selenium" >/dev/null 2>&1 || { echo "browser-test: selenium is not available" >&2; exit 1; }

exec python3 Scripts/browser-test.py "$@"
