-- No query reads (status, next_attempt_at) since the claim goes through ix_outbox_pending_id, yet
-- every lease and every outcome rewrote its entry: one index less to maintain per message sent.
-- Runs unchanged on H2 (MODE=MySQL), MySQL 8 and MariaDB 10.6+.
ALTER TABLE outbox DROP INDEX ix_outbox_due;
