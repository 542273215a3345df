#!/usr/bin/env bash
# The cost of a deep page by offset and by cursor (issue 14), on SQLite and PostgreSQL: a cdr-exports database
# seeded with the demo data plus EXPORTS exports of the demo caller's account (made here by hand, one statement
# each), then examples/explain_cursor.rs times and explains the listing's page statement, as the library builds
# it, for the first page, the page at DEPTH by page[number] and the page after the row at DEPTH by page[after].
# Statement times, measured by the tool (the example server does not serve cursors yet). Run by hand, never in CI.
# Usage: bench/cursor-depth.sh
#        EXPORTS=10000 DEPTH=9000 bench/cursor-depth.sh   (a short smoke run)
set -euo pipefail
cd "$(dirname "$0")/.."

EXPORTS=${EXPORTS:-100000}
DEPTH=${DEPTH:-99900}
POSTGRES_URL=${JSONAPI_FILTER_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
PORT=${PORT:-3923}

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
