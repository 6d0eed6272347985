#!/bin/sh
# Installs the Python packages some tests use to check Kring's output with a real library:
# `icalendar`, which parses the .ics calendars, and `openpyxl`, which opens plan.xlsx. Safe to run repeatedly; it never
# fails the build when offline, it only says what is missing, so the dependent tests skip
# themselves (unless KRING_REQUIRE_ICALENDAR=1 makes them mandatory).
set -u

PYTHON=${PYTHON:-python3}

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "ensure-test-tools: $PYTHON not found; calendar checks with icalendar will be skipped" >&2
  exit 0
fi

if "$PYTHON" -c "import icalendar, openpyxl" >/dev/null 2>&1; then
  exit 0
fi

# pip itself may be missing on a bare Debian/Ubuntu image; install it when we may.
if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-test-tools: installing python3-pip with apt-get" >&2
    apt-get install -y python3-pip >/dev/null 2>&1 \
      || { apt-get update >/dev/null 2>&1 && apt-get install -y python3-pip >/dev/null 2>&1; } \
      || echo "ensure-test-tools: could not install python3-pip" >&2
  fi
fi

if "$PYTHON" -m pip --version >/dev/null 2>&1; then
  for package in icalendar openpyxl; do
    "$PYTHON" -c "import $package" >/dev/null 2>&1 && continue
    echo "ensure-test-tools: installing $package with pip" >&2
    # Newer Debian pythons refuse system-wide installs (PEP 668); then try the override, then
    # a per-user install.
    "$PYTHON" -m pip install --quiet "$package" >/dev/null 2>&1 \
      || "$PYTHON" -m pip install --quiet --break-system-packages "$package" >/dev/null 2>&1 \
      || "$PYTHON" -m pip install --quiet --user "$package" >/dev/null 2>&1 \
      || "$PYTHON" -m pip install --quiet --user --break-system-packages "$package" >/dev/null 2>&1 \
      || true
  done
fi

if "$PYTHON" -c "import icalendar" >/dev/null 2>&1; then
  echo "ensure-test-tools: icalendar is installed" >&2
else
  echo "ensure-test-tools: icalendar is not available (offline?); calendar checks with icalendar will be skipped" >&2
fi
if "$PYTHON" -c "import openpyxl" >/dev/null 2>&1; then
  echo "ensure-test-tools: openpyxl is installed" >&2
else
  echo "ensure-test-tools: openpyxl is not available (offline?); plan.xlsx checks with openpyxl will be skipped" >&2
fi
exit 0
