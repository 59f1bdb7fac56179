#!/usr/bin/env bash
# Prints how long the built service takes to answer /health/ready on the embedded default: first on an
# empty data directory (initdb included), then on the existing one. Measures; never fails a build.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent >/dev/null
root=$(mktemp -d); chmod 755 "$root"
trap 'rm -rf "$root"' EXIT
port=$(( 40000 + RANDOM % 10000 )); pg_port=$(( 50000 + RANDOM % 10000 ))

run() {
  local label=$1 started pid
  started=$(date +%s%N)
  env -u DATABASE_URL PORT=$port EMBEDDED_PG_DIR="$root/pg" EMBEDDED_PG_PORT=$pg_port LOG_LEVEL=warn node dist/src/main.js &
  pid=$!
  until curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do sleep 0.05; done
  printf '%-28s %6d ms\n' "$label" $(( ($(date +%s%N) - started) / 1000000 ))
  kill -TERM $pid; wait $pid
}

echo "cold start to /health/ready (node dist/src/main.js, embedded PostgreSQL)"
run "empty data directory"
run "existing data directory"
run "existing data directory"
