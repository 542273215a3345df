-- Accounts carry the reference's money and capacity attributes. Money is an exact decimal of scale 4, stored
-- on SQLite as an INTEGER of ten-thousandths (jsonapi_filter::sqlite_decimal); the text balance is converted.
ALTER TABLE accounts ADD COLUMN balance_units INTEGER NOT NULL DEFAULT 0;
UPDATE accounts SET balance_units = CAST(ROUND(CAST(balance AS REAL) * 10000) AS INTEGER);
ALTER TABLE accounts DROP COLUMN balance;
ALTER TABLE accounts RENAME COLUMN balance_units TO balance;
ALTER TABLE accounts ADD COLUMN min_balance INTEGER;
ALTER TABLE accounts ADD COLUMN max_balance INTEGER;
ALTER TABLE accounts ADD COLUMN destination_rate_limit INTEGER;
ALTER TABLE accounts ADD COLUMN origination_capacity INTEGER;
ALTER TABLE accounts ADD COLUMN termination_capacity INTEGER;
ALTER TABLE accounts ADD COLUMN total_capacity INTEGER;
