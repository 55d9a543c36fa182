-- Why a message was not delivered (a reason code such as outside_24h_window, or the platform's
-- error code), when it was settled, since when it has been retried (the retry budget counts from
-- there), and the case it is about (the ticket's "deliveries"). Runs unchanged on H2 (MODE=MySQL),
-- MySQL 8 and MariaDB 10.6+.
ALTER TABLE outbox ADD COLUMN reason_code VARCHAR(64);
ALTER TABLE outbox ADD COLUMN finished_at DATETIME(3);
ALTER TABLE outbox ADD COLUMN retrying_since DATETIME(3);
ALTER TABLE outbox ADD COLUMN ticket_id BIGINT;
ALTER TABLE outbox ADD COLUMN purpose VARCHAR(32);
ALTER TABLE outbox ADD COLUMN audience VARCHAR(64);
CREATE INDEX ix_outbox_ticket ON outbox (ticket_id, id);
-- The administrators' list of undelivered messages: by status (and unit), newest first.
CREATE INDEX ix_outbox_status_unit ON outbox (status, unit_id, id);
