#!/usr/bin/env bash
# Where one listing's time goes (issue 15): a release server on the demo data, started with
# RUST_LOG=info,cdr_exports=debug --span-timings, 50 warm-up requests, then N sequential GET /cdr-exports (the seed
# listing); prints the X-Runtime median and the median of each span's time.busy + time.idle. Logging every span
# adds to X-Runtime: compare binaries with this script, not with bench/server.sh's figures. Run by hand.
# Usage: bench/spans.sh BINARY DATABASE_URL [N]
#        bench/spans.sh target/release/cdr-exports "sqlite:///tmp/spans.db?mode=rwc"
set -eu
BIN=$1; DB=$2; N=${3:-300}; PORT=3931
W=$(mktemp -d)
RUST_LOG=info,cdr_exports=debug,sqlx=warn "$BIN" --span-timings --listen 127.0.0.1:$PORT --database "$DB" --seed-demo --data-dir $W/files > $W/log 2>&1 &
P=$!
until curl -s -o /dev/null http://127.0.0.1:$PORT/; do sleep 0.1; done
TOKEN=$("$BIN" token --api-access-id 1 2>/dev/null)
URL="http://127.0.0.1:$PORT/api/rest/customer/v1/cdr-exports"
for i in $(seq 50); do curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$URL"; done
: > $W/log
for i in $(seq $N); do curl -s -o /dev/null -D - -H "Authorization: Bearer $TOKEN" "$URL" | tr -d '\r' | sed -n 's/^x-runtime: //p' >> $W/rt; done
kill $P; wait $P 2>/dev/null || true
python3 - "$W/log" "$W/rt" <<'PY'
import re, sys, statistics, collections
spans = collections.defaultdict(list)
def us(v):
    m = re.match(r'([\d.]+)(ns|µs|ms|s)', v); x = float(m.group(1))
    return x * {'ns':1e-3,'µs':1,'ms':1e3,'s':1e6}[m.group(2)]
for line in open(sys.argv[1], encoding='utf-8', errors='replace'):
    line = re.sub(r'\x1b\[[0-9;]*m', '', line)
    m = re.search(r'(\w+): close time\.busy=(\S+) time\.idle=(\S+)', line)
    if m:
        spans[m.group(1)].append(us(m.group(2)) + us(m.group(3)))
rt = [float(x) * 1e6 for x in open(sys.argv[2])]
print(f"X-Runtime median {statistics.median(rt):.0f} µs over {len(rt)}")
for name, values in spans.items():
    print(f"{name:14} median {statistics.median(values):8.1f} µs  (n={len(values)})")
PY
rm -rf $W
