#!/usr/bin/env bash
# EXPLAIN ANALYZE on PostgreSQL for the listing's main queries at 100,000 exports, and COUNT(*) at 1,000,000 rows
# (a scratch database, created and dropped here). Usage: bench/explain.sh
set -euo pipefail
cd "$(dirname "$0")/.."
POSTGRES_URL=${JSONAPI_FILTER_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
DATABASE_NAME="cdr_exports_explain_$$"
DATABASE="${POSTGRES_URL%/*}/$DATABASE_NAME"
PORT=${PORT:-3918}
cargo build --release -p cdr-exports
SERVER=${CARGO_TARGET_DIR:-target}/release/cdr-exports
WORK=$(mktemp -d)
trap 'kill $SERVER_PID 2>/dev/null || true; wait 2>/dev/null; psql -q "$POSTGRES_URL" -c "DROP DATABASE IF EXISTS $DATABASE_NAME" >/dev/null 2>&1; rm -rf "$WORK"' EXIT
psql -q "$POSTGRES_URL" -c "CREATE DATABASE $DATABASE_NAME"
RUST_LOG=warn "$SERVER" --listen "127.0.0.1:$PORT" --database "$DATABASE" --seed-demo --seed-demo-scale "${SCALE:-100000}" \
    --data-dir "$WORK/files" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do sleep 0.1; done
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
ALLOWED="(SELECT account_id FROM api_access_accounts WHERE api_access_id = 1)"
psql "$DATABASE" <<SQL
\echo '### listing, default sort, first page of 20'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM cdr_exports WHERE account_id IN $ALLOWED ORDER BY created_at DESC, id ASC LIMIT 20 OFFSET 0;
\echo '### three filters, 50 rows'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM cdr_exports WHERE status IN ('Pending', 'Completed') AND created_at >= '2025-03-01T00:00:00Z' AND time_zone_name ILIKE '%europe%' AND account_id IN $ALLOWED ORDER BY created_at DESC, id ASC LIMIT 50 OFFSET 0;
\echo '### count for total-count'
EXPLAIN (ANALYZE, BUFFERS) SELECT COUNT(*) FROM cdr_exports WHERE account_id IN $ALLOWED;
\echo '### 1,000,000 rows: COUNT(*) and the planner estimate'
CREATE TABLE million AS SELECT g AS id, (ARRAY['Pending','Running','Completed','Failed'])[1 + g % 4] AS status,
    now() - g * interval '1 second' AS created_at FROM generate_series(1, 1000000) g;
ANALYZE million;
\timing on
SELECT COUNT(*) FROM million;
SELECT COUNT(*) FROM million;
SELECT COUNT(*) FROM million WHERE status IN ('Pending', 'Completed');
SELECT reltuples::bigint AS estimate FROM pg_class WHERE relname = 'million';
\echo '### the bounded count of CountPolicy::UpTo(1000) and UpTo(10000), as the framework renders it'
SELECT COUNT(*) FROM (SELECT 1 FROM million LIMIT 1001) AS "matching";
SELECT COUNT(*) FROM (SELECT 1 FROM million WHERE status IN ('Pending', 'Completed') LIMIT 1001) AS "matching";
SELECT COUNT(*) FROM (SELECT 1 FROM million WHERE status IN ('Pending', 'Completed') LIMIT 1001) AS "matching";
SELECT COUNT(*) FROM (SELECT 1 FROM million WHERE status IN ('Pending', 'Completed') LIMIT 10001) AS "matching";
SELECT COUNT(*) FROM (SELECT 1 FROM million WHERE status IN ('Pending', 'Completed') LIMIT 10001) AS "matching";
\timing off
EXPLAIN (ANALYZE, BUFFERS) SELECT COUNT(*) FROM million;
SQL
