-- The payouts outbox of the alphapo crate: one row per money-moving request,
-- inserted in the merchant's transaction, sent by the worker with the same
-- body and foreign_id on every attempt. Times are Unix milliseconds.
CREATE TABLE IF NOT EXISTS alphapo_payouts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    operation       TEXT    NOT NULL,
    -- Unique across operations: transactions/info and callbacks name a
    -- payout by its foreign_id alone.
    foreign_id      TEXT    NOT NULL UNIQUE,
    state           TEXT    NOT NULL,
    -- The exact JSON body sent on every attempt.
    body            TEXT    NOT NULL,
    api_id          INTEGER,
    answer          TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    -- The payout this one pays again (after cancelled, declined or rejected);
    -- at most one retry per payout.
    retry_of        TEXT    UNIQUE REFERENCES alphapo_payouts (foreign_id)
);
CREATE INDEX IF NOT EXISTS alphapo_payouts_due
    ON alphapo_payouts (next_attempt_at) WHERE state IN ('pending', 'unknown');
