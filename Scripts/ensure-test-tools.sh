#!/bin/sh
# Installs the Python packages some tests use to check Kring's output with a real library
# (today: `icalendar`, which parses the .ics calendars). Safe to run repeatedly; it never
# fails the build when offline, it only says what is missing, so the dependent tests skip
# themselves (unless KRING_REQUIRE_ICALENDAR=1 makes them mandatory).
set -u

PYTHON=${PYTHON:-python3}

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "ensure-test-tools: $PYTHON not found; calendar checks with icalendar will be skipped" >&2
  exit 0
fi

if "$PYTHON" -c "import icalendar" >/dev/null 2>&1; then
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
  echo "ensure-test-tools: installing icalendar with pip" >&2
  # Newer Debian pythons refuse system-wide installs (PEP 668); then try the override, then
  # a per-user install.
  "$PYTHON" -m pip install --quiet icalendar >/dev/null 2>&1 \
    || "$PYTHON" -m pip install --quiet --break-system-packages icalendar >/dev/null 2>&1 \
    || "$PYTHON" -m pip install --quiet --user icalendar >/dev/null 2>&1 \
    || "$PYTHON" -m pip install --quiet --user --break-system-packages icalendar >/dev/null 2>&1 \
    || true
fi

if "$PYTHON" -c "import icalendar" >/dev/null 2>&1; then
  echo "ensure-test-tools: icalendar is installed" >&2
else
  echo "ensure-test-tools: icalendar is not available (offline?); calendar checks with icalendar will be skipped" >&2
fi
exit 0
