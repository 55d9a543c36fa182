-- The claim takes due rows by priority, then by when they became due (OutboxStore.DUE), so a channel
-- whose allowance is used up (its rows deferred to the next second) no longer holds back the rows of
-- the other channels behind it: before, 16,000 Zalo greetings at Zalo's rate kept 4,000 Messenger
-- greetings waiting (perf/README.md, the campaign run). Per-resident order stays (the NOT EXISTS).
-- Runs unchanged on H2 (MODE=MySQL), MySQL 8 and MariaDB 10.6+.
CREATE INDEX ix_outbox_pending_due ON outbox (status, priority, next_attempt_at, id);
ALTER TABLE outbox DROP INDEX ix_outbox_pending_priority;
