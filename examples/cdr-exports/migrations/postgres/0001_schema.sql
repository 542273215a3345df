-- The cdr-exports schema on PostgreSQL: timestamptz, uuid, text status and time_format (as the reference,
-- so they sort alphabetically), jsonb filters.

CREATE TABLE customers (
    id bigint PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE accounts (
    id uuid PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    name text NOT NULL,
    balance text NOT NULL,
    external_id bigint
);
CREATE INDEX accounts_customer_id ON accounts (customer_id);

CREATE TABLE api_accesses (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    login text NOT NULL UNIQUE,
    password_hash text NOT NULL
);

-- The accounts an API access may use; none listed means every account of its customer.
CREATE TABLE api_access_accounts (
    api_access_id bigint NOT NULL REFERENCES api_accesses (id),
    account_id uuid NOT NULL REFERENCES accounts (id),
    PRIMARY KEY (api_access_id, account_id)
);

CREATE TABLE cdr_exports (
    id uuid PRIMARY KEY,
    account_id uuid REFERENCES accounts (id),
    status text NOT NULL,
    rows_count bigint,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    time_zone_name text,
    time_format text NOT NULL,
    filters jsonb NOT NULL
);
CREATE INDEX cdr_exports_account_id_created_at ON cdr_exports (account_id, created_at);

-- The durable job queue: one row per export to run. A claimed job holds a lease until locked_until;
-- finished jobs stay, with finished_at, as the history of runs.
CREATE TABLE export_jobs (
    id bigserial PRIMARY KEY,
    export_id uuid NOT NULL UNIQUE REFERENCES cdr_exports (id),
    run_at timestamptz NOT NULL,
    locked_by text,
    locked_until timestamptz,
    attempts bigint NOT NULL DEFAULT 0,
    finished_at timestamptz,
    last_error text
);
CREATE INDEX export_jobs_pending ON export_jobs (run_at) WHERE finished_at IS NULL;

CREATE TABLE cdrs (
    id bigint PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id),
    time_start timestamptz NOT NULL,
    duration bigint NOT NULL,
    success boolean NOT NULL,
    src_number text NOT NULL,
    dst_number text NOT NULL,
    src_prefix_routing text,
    dst_prefix_routing text,
    customer_price bigint NOT NULL
);
CREATE INDEX cdrs_account_id_time_start ON cdrs (account_id, time_start);
