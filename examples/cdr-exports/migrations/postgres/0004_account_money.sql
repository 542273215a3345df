-- Accounts carry the reference's money and capacity attributes: money as exact decimals of scale 4 (the text
-- balance is converted), capacities as integers.
ALTER TABLE accounts ALTER COLUMN balance TYPE numeric(18, 4) USING balance::numeric;
ALTER TABLE accounts
    ADD COLUMN min_balance numeric(18, 4),
    ADD COLUMN max_balance numeric(18, 4),
    ADD COLUMN destination_rate_limit numeric(18, 4),
    ADD COLUMN origination_capacity bigint,
    ADD COLUMN termination_capacity bigint,
    ADD COLUMN total_capacity bigint;
