//! The payouts outbox: enqueueing in the merchant's transaction, the
//! worker's attempts and their outcomes, reconciliation by `foreign_id`,
//! callbacks through the inbox, and the operator's views. Against the
//! in-process sandbox and raw loopback servers (for precise answers and
//! byte-exact recordings), on SQLite in memory and on PostgreSQL when
//! `DATABASE_URL` is set. No test sleeps: the worker runs one
//! `process_once` at a time, with zero backoff, or on paused time.

mod callbacks;
mod enqueue;
mod postgres;
mod support;
mod worker;
