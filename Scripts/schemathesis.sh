#!/usr/bin/env bash
# Fuzzes the workbench's API from docs/openapi.yaml with schemathesis (PyPI) and fails on
# any 5xx. Starts its own `kring serve` on 127.0.0.1 with a workspace holding one solved
# cohort, so that the fuzzer also reaches real plan versions. Not part of CI (it takes
# minutes); run it after changing the API.
#
#   Scripts/schemathesis.sh KRING_BINARY [MAX_EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: $0 KRING_BINARY [MAX_EXAMPLES]" >&2; exit 2; }
binary=$(realpath "$1")
examples=${2:-30}

if ! command -v schemathesis >/dev/null 2>&1; then
  python3 -m pip install --quiet schemathesis >/dev/null 2>&1 \
    || python3 -m pip install --quiet --break-system-packages schemathesis >/dev/null 2>&1 || true
fi
command -v schemathesis >/dev/null 2>&1 || { echo "schemathesis is not available" >&2; exit 1; }

workspace=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$binary" serve --workspace "$workspace" --port "$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$workspace"' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 100); do curl -sf "$base/api/session" >/dev/null && break; sleep 0.1; done
token=$(curl -sf "$base/api/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
h=(-H "X-CSRF-Token: $token")
curl -sf "${h[@]}" -H 'Content-Type: application/json' -d '{"name":"Fuzz"}' "$base/api/cohorts" >/dev/null
curl -sf "${h[@]}" -X PUT -H 'Content-Type: application/yaml' --data-binary @Fixtures/sample/kring.yaml "$base/api/cohorts/1/config" >/dev/null
for f in facilitators.csv rooms.csv; do
  curl -sf "${h[@]}" -X PUT -H 'Content-Type: text/csv' --data-binary "@Fixtures/sample/$f" "$base/api/cohorts/1/files/$f" >/dev/null
done
curl -sf "${h[@]}" -X PUT -H 'Content-Type: text/csv' -H 'X-File-Name: sample-en.csv' --data-binary @Fixtures/sample-en.csv "$base/api/cohorts/1/intake" >/dev/null
curl -sf "${h[@]}" -H 'Content-Type: application/json' -d '{}' "$base/api/cohorts/1/plans" >/dev/null
curl -sf "$base/api/cohorts/1/plans/1/events" >/dev/null

schemathesis run docs/openapi.yaml --url "$base" -H "X-CSRF-Token: $token" \
  --checks not_a_server_error --max-examples "$examples" --request-timeout 60
