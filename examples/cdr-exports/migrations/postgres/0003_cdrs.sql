-- The cdrs resource: every column the reference's listing shows or filters, a transport protocol lookup table,
-- and a recordings permission on the customer. The table is partitioned by month on time_start, as the
-- reference's is: a DEFAULT partition, and monthly partitions for the demo data (January to March 2025).
-- Rates are numeric(18, 6), money numeric(18, 4), the VAT rate numeric(18, 2) (the `scale` of each field).

CREATE TABLE transport_protocols (
    id bigint PRIMARY KEY,
    name text NOT NULL UNIQUE
);
INSERT INTO transport_protocols (id, name) VALUES
    (1, 'UDP'), (2, 'TCP'), (3, 'TLS'), (4, 'SCTP'), (5, 'WS'), (6, 'WSS');

ALTER TABLE customers ADD COLUMN may_listen_recordings boolean NOT NULL DEFAULT false;

ALTER TABLE cdrs RENAME TO cdrs_0001;
ALTER INDEX cdrs_account_id_time_start RENAME TO cdrs_0001_account_id_time_start;

CREATE TABLE cdrs (
    id bigint NOT NULL,
    uuid uuid NOT NULL,
    customer_acc_id uuid NOT NULL REFERENCES accounts (id),
    time_start timestamptz NOT NULL,
    time_connect timestamptz,
    time_end timestamptz,
    duration bigint NOT NULL,
    success boolean NOT NULL,
    is_last_cdr boolean NOT NULL DEFAULT true,
    destination_initial_interval bigint NOT NULL DEFAULT 1,
    destination_next_interval bigint NOT NULL DEFAULT 1,
    destination_initial_rate numeric(18, 6) NOT NULL DEFAULT 0,
    destination_next_rate numeric(18, 6) NOT NULL DEFAULT 0,
    destination_fee numeric(18, 4) NOT NULL DEFAULT 0,
    destination_reverse_billing boolean NOT NULL DEFAULT false,
    customer_price numeric(18, 4) NOT NULL,
    customer_price_no_vat numeric(18, 4),
    customer_acc_vat numeric(18, 2),
    customer_duration bigint,
    src_number text NOT NULL,
    dst_number text NOT NULL,
    src_name_in text,
    src_prefix_in text,
    from_domain text,
    dst_prefix_in text,
    to_domain text,
    ruri_domain text,
    diversion_in text,
    local_tag text,
    lega_disconnect_code bigint,
    lega_disconnect_reason text,
    auth_orig_transport_protocol_id bigint REFERENCES transport_protocols (id),
    auth_orig_ip inet,
    auth_orig_port bigint,
    src_prefix_routing text,
    dst_prefix_routing text,
    destination_prefix text,
    lega_user_agent text,
    orig_call_id text,
    pai_in text,
    ppi_in text,
    privacy_in text,
    rpid_in text,
    rpid_privacy_in text,
    audio_recorded boolean NOT NULL DEFAULT false,
    PRIMARY KEY (id, time_start)
) PARTITION BY RANGE (time_start);

CREATE TABLE cdrs_default PARTITION OF cdrs DEFAULT;
CREATE TABLE cdrs_2025_01 PARTITION OF cdrs FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2025-02-01 00:00:00+00');
CREATE TABLE cdrs_2025_02 PARTITION OF cdrs FOR VALUES FROM ('2025-02-01 00:00:00+00') TO ('2025-03-01 00:00:00+00');
CREATE TABLE cdrs_2025_03 PARTITION OF cdrs FOR VALUES FROM ('2025-03-01 00:00:00+00') TO ('2025-04-01 00:00:00+00');

-- The default listing: an account's CDRs, newest first.
CREATE INDEX cdrs_customer_acc_id_time_start ON cdrs (customer_acc_id, time_start);
CREATE INDEX cdrs_time_start_id ON cdrs (time_start DESC, id);

-- Rows of the first schema are kept (their price was in thousandths; each becomes the last CDR of its call).
INSERT INTO cdrs (id, uuid, customer_acc_id, time_start, duration, success, src_number, dst_number,
                  src_prefix_routing, dst_prefix_routing, customer_price)
SELECT id, gen_random_uuid(), account_id, time_start, duration, success, src_number, dst_number,
       src_prefix_routing, dst_prefix_routing, customer_price / 1000.0
FROM cdrs_0001;
DROP TABLE cdrs_0001;
