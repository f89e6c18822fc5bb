-- The payouts outbox of the alphapo crate: one row per money-moving request,
-- inserted in the merchant's transaction, sent by the worker with the same
-- body and foreign_id on every attempt. Times are Unix milliseconds.
CREATE TABLE IF NOT EXISTS alphapo_payouts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operation       text   NOT NULL,
    -- Unique across operations: transactions/info and callbacks name a
    -- payout by its foreign_id alone.
    foreign_id      text   NOT NULL UNIQUE,
    state           text   NOT NULL,
    -- The exact JSON body sent on every attempt (text, not jsonb: byte for byte).
    body            text   NOT NULL,
    api_id          bigint,
    answer          text,
    attempts        bigint NOT NULL DEFAULT 0,
    last_error      text,
    next_attempt_at bigint NOT NULL,
    lease_until     bigint,
    created_at      bigint NOT NULL,
    updated_at      bigint NOT NULL,
    -- The payout this one pays again (after cancelled, declined or rejected);
    -- at most one retry per payout.
    retry_of        text   UNIQUE REFERENCES alphapo_payouts (foreign_id)
);
CREATE INDEX IF NOT EXISTS alphapo_payouts_due
    ON alphapo_payouts (next_attempt_at) WHERE state IN ('pending', 'unknown');
