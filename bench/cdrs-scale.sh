#!/usr/bin/env bash
# The `cdrs` listing at scale on PostgreSQL (issue 12): a release cdr-exports seeded with the demo data plus
# CDRS generated CDRs over 2024 (monthly partitions, one `generate_series` statement), X-Runtime sampled with curl
# (median of SAMPLES sequential requests), load with wrk, and EXPLAIN (ANALYZE, BUFFERS) of the one-day listing's
# statements as the server builds them (examples/explain_cdrs.rs). Run by hand, never in CI.
# Usage: bench/cdrs-scale.sh                 (1,000,000 CDRs)
#        CDRS=20000 SAMPLES=20 DURATION=2 bench/cdrs-scale.sh   (a short smoke run)
set -euo pipefail
cd "$(dirname "$0")/.."

CDRS=${CDRS:-1000000}
SAMPLES=${SAMPLES:-200}
DURATION=${DURATION:-10}
CONCURRENCY=${CONCURRENCY:-32}
POSTGRES_URL=${JSONAPI_FILTER_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
PORT=${PORT:-3919}
BASE="http://127.0.0.1:$PORT/api/rest/customer/v1"
DAY="filter[time-start-gteq]=2024-06-15T00:00:00Z&filter[time-start-lt]=2024-06-16T00:00:00Z"

if ! command -v wrk >/dev/null; then
    apt-get install -y wrk >/dev/null
fi
cargo build --release -p cdr-exports --bin cdr-exports --example explain_cdrs
SERVER=${CARGO_TARGET_DIR:-target}/release/cdr-exports
EXPLAIN=${CARGO_TARGET_DIR:-target}/release/examples/explain_cdrs
WORK=$(mktemp -d)
DATABASE_NAME="cdrs_scale_$$"
DATABASE="${POSTGRES_URL%/*}/$DATABASE_NAME"
SERVER_PID=""
# shellcheck source=bench/common.sh
source bench/common.sh
trap cleanup EXIT

psql -q "$POSTGRES_URL" -c "CREATE DATABASE $DATABASE_NAME"
started=$(date +%s.%N)
RUST_LOG=warn "$SERVER" --listen "127.0.0.1:$PORT" --database "$DATABASE" --seed-demo --seed-cdrs-scale "$CDRS" \
    --data-dir "$WORK/files" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.2
done
echo "seeded the demo data and $CDRS CDRs in $(echo "$(date +%s.%N) - $started" | bc) s"
psql -Atq "$DATABASE" -c "SELECT 'cdrs: ' || COUNT(*) || ' rows in ' || (SELECT COUNT(*) FROM pg_inherits WHERE inhparent = 'cdrs'::regclass) || ' partitions, ' || pg_size_pretty(pg_total_relation_size('cdrs') + (SELECT SUM(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'cdrs'::regclass)) FROM cdrs"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
TOKEN=$("$SERVER" token --api-access-id 1 2>/dev/null)

# One table row: the request's status, rows and meta, its X-Runtime median, then requests/s and errors from wrk.
measure() {
    local name=$1 url=$2 body status rows meta output rps errors
    status=$(curl -s -g -o "$WORK/body.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url")
    body=$(cat "$WORK/body.json")
    rows=$( (grep -o '"type":"cdrs"' <<<"$body" || true) | wc -l)
    meta=$( (grep -o '"meta":{[^}]*}' <<<"$body" || true) | tail -1 | sed 's/"meta"://')
    output=$(wrk -t2 -c"$CONCURRENCY" -d"${DURATION}s" -H "Authorization: Bearer $TOKEN" "$url")
    rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$output")
    errors=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' <<<"$output")
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$status" "$rows" "$meta" "$(runtime_median "$url")" "$rps" "$errors"
}

echo
echo "| request | status | rows | meta | X-Runtime median (ms) | requests/s ($CONCURRENCY connections) | errors |"
echo "|---|---|---|---|---|---|---|"
measure "one day, sort -time-start, first page" "$BASE/cdrs?$DAY&sort=-time-start"
measure "one day, sort -time-start, page 10" "$BASE/cdrs?$DAY&sort=-time-start&page[number]=10"
measure "no filter (default sort -time-start)" "$BASE/cdrs"
measure "one day and auth-orig-ip-eq" "$BASE/cdrs?$DAY&filter[auth-orig-ip-eq]=10.0.7.7"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== EXPLAIN of the one-day listing's statements (a custom plan for the bound values)"
"$EXPLAIN" "$DATABASE" "$DAY&sort=-time-start"
