-- The cdrs resource: every column the reference's listing shows or filters, a transport protocol lookup table,
-- and a recordings permission on the customer. Decimals are INTEGERs holding the value times 10^scale
-- (jsonapi_filter::sql::sqlite_decimal): rates scale 6, money scale 4, the VAT rate scale 2. Addresses are
-- BLOBs as jsonapi_filter::inet::to_binary writes them.

CREATE TABLE transport_protocols (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
INSERT INTO transport_protocols (id, name) VALUES
    (1, 'UDP'), (2, 'TCP'), (3, 'TLS'), (4, 'SCTP'), (5, 'WS'), (6, 'WSS');

ALTER TABLE customers ADD COLUMN may_listen_recordings INTEGER NOT NULL DEFAULT 0;

ALTER TABLE cdrs RENAME TO cdrs_0001;
DROP INDEX cdrs_account_id_time_start;

CREATE TABLE cdrs (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL,
    customer_acc_id TEXT NOT NULL REFERENCES accounts (id),
    time_start TEXT NOT NULL,
    time_connect TEXT,
    time_end TEXT,
    duration INTEGER NOT NULL,
    success INTEGER NOT NULL,
    is_last_cdr INTEGER NOT NULL DEFAULT 1,
    destination_initial_interval INTEGER NOT NULL DEFAULT 1,
    destination_next_interval INTEGER NOT NULL DEFAULT 1,
    destination_initial_rate INTEGER NOT NULL DEFAULT 0,
    destination_next_rate INTEGER NOT NULL DEFAULT 0,
    destination_fee INTEGER NOT NULL DEFAULT 0,
    destination_reverse_billing INTEGER NOT NULL DEFAULT 0,
    customer_price INTEGER NOT NULL,
    customer_price_no_vat INTEGER,
    customer_acc_vat INTEGER,
    customer_duration INTEGER,
    src_number TEXT NOT NULL,
    dst_number TEXT NOT NULL,
    src_name_in TEXT,
    src_prefix_in TEXT,
    from_domain TEXT,
    dst_prefix_in TEXT,
    to_domain TEXT,
    ruri_domain TEXT,
    diversion_in TEXT,
    local_tag TEXT,
    lega_disconnect_code INTEGER,
    lega_disconnect_reason TEXT,
    auth_orig_transport_protocol_id INTEGER REFERENCES transport_protocols (id),
    auth_orig_ip BLOB,
    auth_orig_port INTEGER,
    src_prefix_routing TEXT,
    dst_prefix_routing TEXT,
    destination_prefix TEXT,
    lega_user_agent TEXT,
    orig_call_id TEXT,
    pai_in TEXT,
    ppi_in TEXT,
    privacy_in TEXT,
    rpid_in TEXT,
    rpid_privacy_in TEXT,
    audio_recorded INTEGER NOT NULL DEFAULT 0
);

-- The default listing: an account's CDRs, newest first.
CREATE INDEX cdrs_customer_acc_id_time_start ON cdrs (customer_acc_id, time_start);
CREATE INDEX cdrs_time_start_id ON cdrs (time_start DESC, id);

-- Rows of the first schema are kept (their price was in thousandths, scale 4 is ten times that; each becomes
-- the last CDR of its call, with a fresh random uuid).
INSERT INTO cdrs (id, uuid, customer_acc_id, time_start, duration, success, src_number, dst_number,
                  src_prefix_routing, dst_prefix_routing, customer_price)
SELECT id,
       lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
             || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-'
             || hex(randomblob(6))),
       account_id, time_start, duration, success, src_number, dst_number,
       src_prefix_routing, dst_prefix_routing, customer_price * 10
FROM cdrs_0001;
DROP TABLE cdrs_0001;
