-- Filters on an export's status and row count, own (`filter[status-eq]=Failed&filter[rows-count-gt]=1000`) or
-- through an account's exports (`GET /accounts?filter[cdr-exports.status-eq]=Failed&...`): the semi-join reads
-- the matching exports through this index instead of every export.
CREATE INDEX cdr_exports_status_rows_count ON cdr_exports (status, rows_count);
