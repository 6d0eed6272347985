#!/usr/bin/env bash
# Makes sure GLPK's headers and library (Debian: libglpk-dev) are installed.
# Installs them with apt-get when missing: directly as root, through sudo otherwise.
set -euo pipefail

if [ -f /usr/include/glpk.h ] && ldconfig -p 2>/dev/null | grep -q 'libglpk\.so'; then
  exit 0
fi

echo "kring: libglpk-dev (GLPK) is missing; installing it with apt-get…" >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "kring: apt-get was not found. Install GLPK's development files (glpk.h and libglpk) with your system's package manager, then run this again." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run=(sudo -n)
elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
  run=(sudo)
else
  echo "kring: installing libglpk-dev needs root. Run: sudo apt-get install -y libglpk-dev" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq
"${run[@]}" apt-get install -y -qq --no-install-recommends libglpk-dev >/dev/null
echo "kring: libglpk-dev installed." >&2
