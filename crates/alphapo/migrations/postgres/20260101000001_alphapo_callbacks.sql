-- The callback inbox of the alphapo crate: one row per callback handled, its
-- de-duplication key under a primary key, committed with the merchant's credit.
CREATE TABLE IF NOT EXISTS alphapo_callbacks (
    scope         text        NOT NULL,
    id            text        NOT NULL,
    status        text        NOT NULL,
    callback_type text        NOT NULL,
    body          bytea       NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, id, status)
);
