#!/usr/bin/env bash
# Makes sure the system libraries Kring builds against are installed: GLPK (Debian:
# libglpk-dev) and SQLite (libsqlite3-dev, for the workbench's workspace).
# Installs them with apt-get when missing: directly as root, through sudo otherwise.
set -euo pipefail

packages=()
if ! { [ -f /usr/include/glpk.h ] && ldconfig -p 2>/dev/null | grep -q 'libglpk\.so'; }; then
  packages+=(libglpk-dev)
fi
if ! [ -f /usr/include/sqlite3.h ]; then
  packages+=(libsqlite3-dev)
fi
if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi

echo "kring: ${packages[*]} missing; installing with apt-get…" >&2
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
  echo "kring: installing ${packages[*]} needs root. Run: sudo apt-get install -y ${packages[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq
"${run[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "kring: ${packages[*]} installed." >&2
