#!/usr/bin/env bash
# The server benchmark of issue 5: a release cdr-exports, seeded with 10,000 and 100,000 exports on SQLite and on
# PostgreSQL, loaded by wrk on 127.0.0.1 with four requests; X-Runtime sampled with curl (median of SAMPLES).
# Usage: bench/server.sh            (full run)
#        SCALES=360 bench/server.sh   (the demo data: issue 15's figures)
#        SCALES=1000 DURATION=2 BACKENDS=sqlite bench/server.sh   (a short smoke run)
#        COUNT_LIMITS="exact 1000" bench/server.sh   (each database measured with an exact total-count, then
#                                                      with --count-limit 1000)
#        SERVER=/tmp/before/cdr-exports bench/server.sh   (measure a binary built earlier, without building:
#                                                      before/after comparisons run back to back)
set -euo pipefail
cd "$(dirname "$0")/.."

SCALES=${SCALES:-"10000 100000"}
BACKENDS=${BACKENDS:-"sqlite postgres"}
DURATION=${DURATION:-10}
CONCURRENCY=${CONCURRENCY:-32}
THREADS=${THREADS:-2}
SAMPLES=${SAMPLES:-200}
COUNT_LIMITS=${COUNT_LIMITS:-exact}
POSTGRES_URL=${JSONAPI_FILTER_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
PORT=${PORT:-3917}
BASE="http://127.0.0.1:$PORT/api/rest/customer/v1"

if ! command -v wrk >/dev/null; then
    apt-get install -y wrk >/dev/null
fi
if [ -z "${SERVER:-}" ]; then
    cargo build --release -p cdr-exports
    SERVER=${CARGO_TARGET_DIR:-target}/release/cdr-exports
fi
WORK=$(mktemp -d)
DATABASE_NAME="cdr_exports_bench_$$"
SERVER_PID=""

# shellcheck source=bench/common.sh
source bench/common.sh
trap cleanup EXIT

# One table row: requests/s, p50, p99, errors (socket errors + non-2xx) from wrk, then the X-Runtime median.
measure() {
    local name=$1 url=$2 output
    output=$(wrk -t"$THREADS" -c"$CONCURRENCY" -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$url")
    local rps p50 p99 errors
    rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$output")
    p50=$(awk '$1 == "50%" { print $2 }' <<<"$output")
    p99=$(awk '$1 == "99%" { print $2 }' <<<"$output")
    errors=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' <<<"$output")
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$BACKEND" "$SCALE" "$COUNT_LIMIT" "$name" "$rps" "$p50" "$p99" "$(runtime_median "$url")" "$errors"
}

# Starts the server on $DATABASE (seeding it when empty) with $COUNT_LIMIT, and waits until it answers.
start_server() {
    local limit=()
    if [ "$COUNT_LIMIT" != exact ]; then limit=(--count-limit "$COUNT_LIMIT"); fi
    RUST_LOG=warn "$SERVER" --listen "127.0.0.1:$PORT" --database "$DATABASE" --seed-demo \
        --seed-demo-scale "$SCALE" --data-dir "$WORK/files" "${limit[@]}" >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
        sleep 0.1
    done
}

echo "| backend | exports | total-count | request | requests/s | p50 | p99 | X-Runtime median (ms) | errors |"
echo "|---|---|---|---|---|---|---|---|---|"
for BACKEND in $BACKENDS; do
    for SCALE in $SCALES; do
        if [ "$BACKEND" = sqlite ]; then
            rm -f "$WORK/bench.db"*
            DATABASE="sqlite://$WORK/bench.db"
        else
            psql -q "$POSTGRES_URL" -c "DROP DATABASE IF EXISTS $DATABASE_NAME" >/dev/null 2>&1
            psql -q "$POSTGRES_URL" -c "CREATE DATABASE $DATABASE_NAME" >/dev/null
            DATABASE="${POSTGRES_URL%/*}/$DATABASE_NAME"
        fi
        started=$(date +%s.%N)
        for COUNT_LIMIT in $COUNT_LIMITS; do
            start_server
            if [ -n "$started" ]; then
                echo "seeded $SCALE exports on $BACKEND in $(echo "$(date +%s.%N) - $started" | bc) s;" \
                    "load average $(cut -d' ' -f1-3 /proc/loadavg) as its measurements start" >&2
                started=""
            fi
            TOKEN=$("$SERVER" token --api-access-id 1 2>/dev/null)
            SHOW_ID=$(curl -s -g -H "Authorization: Bearer $TOKEN" "$BASE/cdr-exports?page[size]=1" | sed 's/.*"data":\[{"id":"\([^"]*\)".*/\1/')
            measure "reference listing" "$BASE/cdr-exports"
            measure "three filters, 50 rows" "$BASE/cdr-exports?filter[status-in]=Pending,Completed&filter[created-at-gteq]=2025-03-01T00:00:00Z&filter[time-zone-name-cont]=europe&page[size]=50"
            measure "deep page (50 rows at offset $((SCALE / 4)))" "$BASE/cdr-exports?page[size]=50&page[number]=$((SCALE / 200))"
            measure "show" "$BASE/cdr-exports/$SHOW_ID"
            # Issue 15's second request: three filters, sorted, 50 rows (its first is the reference listing).
            measure "three filters, sorted, 50 rows" "$BASE/cdr-exports?filter[status-in]=Pending,Completed&filter[created-at-gteq]=2025-01-01T00:00:00Z&filter[time-zone-name-cont]=europe&sort=-created-at&page[size]=50"
            kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
        done
    done
done
