-- Web chat messages delivered by the outbox carry the outbox row's dedupe key, so a send repeated
-- after a crash finds its message already in the mailbox instead of adding it twice.
-- Runs unchanged on H2 (MODE=MySQL), MySQL 8 and MariaDB 10.6+.
ALTER TABLE web_mailbox ADD COLUMN dedupe_key VARCHAR(191);
CREATE UNIQUE INDEX uq_web_mailbox_dedupe ON web_mailbox (dedupe_key);
