#!/usr/bin/env bash
# Filters through a to-many relationship at scale on PostgreSQL (issue 13): a release cdr-exports seeded with the
# demo data, then ACCOUNTS accounts of the demo customer (all allowed to its API access) holding EXPORTS exports
# between them (made here by hand, one statement each), ANALYZE, then EXPLAIN (ANALYZE, BUFFERS) of the accounts
# listing's statements as the server builds them (examples/explain_accounts.rs) and X-Runtime of the same request
# (median of SAMPLES sequential requests). Run by hand, never in CI.
# Usage: bench/relationships-explain.sh
#        ACCOUNTS=100 EXPORTS=5000 SAMPLES=20 bench/relationships-explain.sh   (a short smoke run)
#        THEN_SQL='DROP INDEX cdr_exports_status_rows_count' bench/relationships-explain.sh
#            (measures, runs THEN_SQL and ANALYZE on the same data, then measures again: a same-run comparison)
set -euo pipefail
cd "$(dirname "$0")/.."

ACCOUNTS=${ACCOUNTS:-1000}
EXPORTS=${EXPORTS:-100000}
SAMPLES=${SAMPLES:-200}
POSTGRES_URL=${JSONAPI_FILTER_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
PORT=${PORT:-3921}
BASE="http://127.0.0.1:$PORT/api/rest/customer/v1"
QUERY=${QUERY:-"filter[cdr-exports.status-eq]=Failed&filter[cdr-exports.rows-count-gt]=1000"}
THEN_SQL=${THEN_SQL:-}

cargo build --release -p cdr-exports --bin cdr-exports --example explain_accounts
SERVER=${CARGO_TARGET_DIR:-target}/release/cdr-exports
EXPLAIN=${CARGO_TARGET_DIR:-target}/release/examples/explain_accounts
WORK=$(mktemp -d)
DATABASE_NAME="relationships_$$"
DATABASE="${POSTGRES_URL%/*}/$DATABASE_NAME"
SERVER_PID=""
# shellcheck source=bench/common.sh
source bench/common.sh
trap cleanup EXIT

psql -q "$POSTGRES_URL" -c "CREATE DATABASE $DATABASE_NAME"
RUST_LOG=warn "$SERVER" --listen "127.0.0.1:$PORT" --database "$DATABASE" --seed-demo \
    --data-dir "$WORK/files" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.2
done
started=$(date +%s.%N)
# Accounts `Bench 1..N` of customer 1, allowed to its API access; exports spread over them round-robin: a
# quarter of each status; completed ones and one failed export in 50 have rows (0 to 4,999).
psql -q "$DATABASE" <<SQL
INSERT INTO accounts (id, customer_id, name, balance)
SELECT md5('bench-account-' || n)::uuid, 1, 'Bench ' || n, n FROM generate_series(1, $ACCOUNTS) AS n;
INSERT INTO api_access_accounts (api_access_id, account_id)
SELECT 1, md5('bench-account-' || n)::uuid FROM generate_series(1, $ACCOUNTS) AS n;
INSERT INTO cdr_exports (id, account_id, status, rows_count, created_at, updated_at, time_zone_name, time_format, filters)
SELECT md5('bench-export-' || g)::uuid,
       md5('bench-account-' || (1 + g % $ACCOUNTS))::uuid,
       (ARRAY['Pending', 'Completed', 'Failed', 'Deleted'])[1 + g % 4],
       CASE WHEN g % 4 = 1 OR (g % 4 = 2 AND g % 50 = 2) THEN (g * 7919) % 5000 END,
       timestamptz '2025-01-01' + g * interval '1 minute',
       timestamptz '2025-01-01' + g * interval '1 minute',
       NULL, 'with_timezone', '{}'::jsonb
FROM generate_series(1, $EXPORTS) AS g;
ANALYZE;
SQL
echo "seeded $ACCOUNTS accounts and $EXPORTS exports in $(echo "$(date +%s.%N) - $started" | bc) s"
psql -Atq "$DATABASE" -c "SELECT 'accounts: ' || (SELECT COUNT(*) FROM accounts) || ', exports: ' || (SELECT COUNT(*) FROM cdr_exports)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
TOKEN=$("$SERVER" token --api-access-id 1 2>/dev/null)
measure() {
    status=$(curl -s -g -o "$WORK/body.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE/accounts?$QUERY")
    echo "GET /accounts?$QUERY: $status, $(grep -o '"type":"accounts"' "$WORK/body.json" | wc -l) accounts on the page, $(grep -o '"meta":{[^}]*}' "$WORK/body.json" | tail -1)"
    echo "X-Runtime median: $(runtime_median "$BASE/accounts?$QUERY") ms"
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "== EXPLAIN of the listing's statements (a custom plan for the bound values)"
    "$EXPLAIN" "$DATABASE" "$QUERY"
}
measure
if [ -n "$THEN_SQL" ]; then
    echo
    echo "== then: $THEN_SQL; ANALYZE"
    psql -q "$DATABASE" -c "$THEN_SQL" -c "ANALYZE"
    measure
fi
