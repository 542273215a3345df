-- The cdr-exports schema on SQLite. Datetimes are TEXT in the fixed-width UTC form that
-- jsonapi_filter::sqlite_datetime writes (so text order is time order), uuids are lower-case TEXT.

CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    name TEXT NOT NULL,
    balance TEXT NOT NULL,
    external_id INTEGER
);
CREATE INDEX accounts_customer_id ON accounts (customer_id);

CREATE TABLE api_accesses (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    login TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL
);

-- The accounts an API access may use; none listed means every account of its customer.
CREATE TABLE api_access_accounts (
    api_access_id INTEGER NOT NULL REFERENCES api_accesses (id),
    account_id TEXT NOT NULL REFERENCES accounts (id),
    PRIMARY KEY (api_access_id, account_id)
);

CREATE TABLE cdr_exports (
    id TEXT PRIMARY KEY,
    account_id TEXT REFERENCES accounts (id),
    status TEXT NOT NULL,
    rows_count INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    time_zone_name TEXT,
    time_format TEXT NOT NULL,
    filters TEXT NOT NULL
);
CREATE INDEX cdr_exports_account_id_created_at ON cdr_exports (account_id, created_at);

-- The durable job queue: one row per export to run. A claimed job holds a lease until locked_until;
-- finished jobs stay, with finished_at, as the history of runs.
CREATE TABLE export_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    export_id TEXT NOT NULL UNIQUE REFERENCES cdr_exports (id),
    run_at TEXT NOT NULL,
    locked_by TEXT,
    locked_until TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    finished_at TEXT,
    last_error TEXT
);
CREATE INDEX export_jobs_pending ON export_jobs (finished_at, run_at);

CREATE TABLE cdrs (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    time_start TEXT NOT NULL,
    duration INTEGER NOT NULL,
    success INTEGER NOT NULL,
    src_number TEXT NOT NULL,
    dst_number TEXT NOT NULL,
    src_prefix_routing TEXT,
    dst_prefix_routing TEXT,
    customer_price INTEGER NOT NULL
);
CREATE INDEX cdrs_account_id_time_start ON cdrs (account_id, time_start);
