# Shared by the server benchmarks (bench/server.sh, bench/cdrs-scale.sh), which source it after setting
# SERVER_PID, POSTGRES_URL, DATABASE_NAME and WORK; runtime_median also reads TOKEN and SAMPLES.

# Stops the server, drops the scratch database and removes the work directory: the scripts' EXIT trap.
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    psql -q "$POSTGRES_URL" -c "DROP DATABASE IF EXISTS $DATABASE_NAME" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}

# The median of the X-Runtime headers of $SAMPLES sequential requests to $1, in milliseconds.
runtime_median() {
    for _ in $(seq "$SAMPLES"); do
        curl -s -g -o /dev/null -D - -H "Authorization: Bearer $TOKEN" "$1" | tr -d '\r' | sed -n 's/^[Xx]-[Rr]untime: //p'
    done | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f", m * 1000 }'
}
