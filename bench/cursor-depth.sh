#!/usr/bin/env bash
# The cost of a deep page by offset and by cursor (issue 14), on SQLite and PostgreSQL: a cdr-exports database
# seeded with the demo data plus EXPORTS exports of the demo caller's account (made here by hand, one statement
# each), then examples/explain_cursor.rs times and explains the listing's page statement, as the library builds
# it, for the first page, the page at DEPTH by page[number] and the page after the row at DEPTH by page[after].
# Then the release server serves that database and the X-Runtime median of SAMPLES sequential requests is taken
# for the same three pages over HTTP (the cursor of the row at DEPTH read from an offset page's
# meta.page.cursor), once with an exact total-count and once with --count-limit 1000. Run by hand, never in CI.
# Usage: bench/cursor-depth.sh
#        EXPORTS=10000 DEPTH=9000 bench/cursor-depth.sh   (a short smoke run)
set -euo pipefail
cd "$(dirname "$0")/.."

EXPORTS=${EXPORTS:-100000}
DEPTH=${DEPTH:-99900}
POSTGRES_URL=${JSONAPI_FILTER_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
PORT=${PORT:-3923}
SAMPLES=${SAMPLES:-51}

cargo build --release -p cdr-exports --bin cdr-exports --example explain_cursor
SERVER=${CARGO_TARGET_DIR:-target}/release/cdr-exports
EXPLAIN=${CARGO_TARGET_DIR:-target}/release/examples/explain_cursor
WORK=$(mktemp -d)
DATABASE_NAME="cursor_depth_$$"
SERVER_PID=""
# shellcheck source=bench/common.sh
source bench/common.sh
trap cleanup EXIT

# Seeds a database through the server (migrations and demo data), then stops the server.
seed_demo() {
    RUST_LOG=warn "$SERVER" --listen "127.0.0.1:$PORT" --database "$1" --seed-demo --data-dir "$WORK/files" \
        >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
        sleep 0.2
    done
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}

# X-Runtime medians (ms) of the first page, the page at DEPTH by page[number] and the page after the row at
# DEPTH by page[after] (default sort, 50 rows), served by the release server over database $1, with the
# server's count options $2... (none: an exact total-count on every page).
xruntime_pages() {
    local database=$1
    shift
    echo "server options: ${*:-(none: exact total-count)}"
    RUST_LOG=warn "$SERVER" --listen "127.0.0.1:$PORT" --database "$database" --data-dir "$WORK/files" "$@" \
        >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
        sleep 0.2
    done
    TOKEN=$("$SERVER" token --api-access-id 1 2>/dev/null)
    local base="http://127.0.0.1:$PORT/api/rest/customer/v1/cdr-exports?page%5Bsize%5D=50"
    local number=$((DEPTH / 50))
    local cursor
    cursor=$(curl -s -g -H "Authorization: Bearer $TOKEN" "$base&page%5Bnumber%5D=$number" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["data"][-1]["meta"]["page"]["cursor"])')
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    local first deep_number deep_cursor
    first=$(runtime_median "$base")
    deep_number=$(runtime_median "$base&page%5Bnumber%5D=$((number + 1))")
    deep_cursor=$(runtime_median "$base&page%5Bafter%5D=$cursor")
    echo "X-Runtime median of $SAMPLES (ms): first page $first; page[number]=$((number + 1)) $deep_number; page[after] the row at $DEPTH $deep_cursor"
    awk -v f="$first" -v c="$deep_cursor" -v n="$deep_number" \
        'BEGIN { printf "ratios to the first page: page[after] %.2f, page[number] %.2f\n", c / f, n / f }'
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}

echo "== SQLite"
seed_demo "sqlite://$WORK/cursor.db?mode=rwc"
sqlite3 "$WORK/cursor.db" <<SQL
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < $EXPORTS)
INSERT INTO cdr_exports (id, account_id, status, rows_count, created_at, updated_at, time_zone_name, time_format, filters)
SELECT printf('%08x-0000-4000-8000-%012x', n, n), (SELECT id FROM accounts WHERE name = 'Demo Main'),
       'Completed', n % 5000,
       strftime('%Y-%m-%dT%H:%M:%S', '2025-01-01', '+' || n || ' minutes') || '.000000Z',
       strftime('%Y-%m-%dT%H:%M:%S', '2025-01-01', '+' || n || ' minutes') || '.000000Z',
       NULL, 'with_timezone', '{}'
FROM g;
ANALYZE;
SQL
echo "exports: $(sqlite3 "$WORK/cursor.db" 'SELECT COUNT(*) FROM cdr_exports'); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$EXPLAIN" "sqlite://$WORK/cursor.db" "$DEPTH"
xruntime_pages "sqlite://$WORK/cursor.db"
xruntime_pages "sqlite://$WORK/cursor.db" --count-limit 1000

echo "== PostgreSQL"
psql -q "$POSTGRES_URL" -c "CREATE DATABASE $DATABASE_NAME"
DATABASE="${POSTGRES_URL%/*}/$DATABASE_NAME"
seed_demo "$DATABASE"
psql -q "$DATABASE" <<SQL
INSERT INTO cdr_exports (id, account_id, status, rows_count, created_at, updated_at, time_zone_name, time_format, filters)
SELECT md5('cursor-export-' || g)::uuid, (SELECT id FROM accounts WHERE name = 'Demo Main'),
       'Completed', g % 5000,
       timestamptz '2025-01-01' + g * interval '1 minute', timestamptz '2025-01-01' + g * interval '1 minute',
       NULL, 'with_timezone', '{}'::jsonb
FROM generate_series(1, $EXPORTS) AS g;
ANALYZE;
SQL
echo "exports: $(psql -Atq "$DATABASE" -c 'SELECT COUNT(*) FROM cdr_exports'); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$EXPLAIN" "$DATABASE" "$DEPTH"
xruntime_pages "$DATABASE"
xruntime_pages "$DATABASE" --count-limit 1000
