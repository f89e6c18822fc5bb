-- The callback inbox of the alphapo crate: one row per callback handled, its
-- de-duplication key under a primary key, committed with the merchant's credit.
CREATE TABLE IF NOT EXISTS alphapo_callbacks (
    scope         TEXT NOT NULL,
    id            TEXT NOT NULL,
    status        TEXT NOT NULL,
    callback_type TEXT NOT NULL,
    body          BLOB NOT NULL,
    received_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (scope, id, status)
) WITHOUT ROWID;
