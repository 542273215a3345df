-- The listing's default sort (-created-at, then id as the tie-breaker): walked in index order, it stops after
-- one page instead of sorting every visible export.
CREATE INDEX cdr_exports_created_at_id ON cdr_exports (created_at DESC, id);
