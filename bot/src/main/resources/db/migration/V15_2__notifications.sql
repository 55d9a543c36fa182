-- What reaches an official in the console (the badge and the list): one row per notification,
-- unread until read_at is set. The dedupe key makes a retried or repeated notification one row.
-- No foreign key to official: accounts are disabled, not deleted, and tests clear officials freely.
CREATE TABLE notification (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    official_id  BIGINT        NOT NULL,
    unit_id      BIGINT,
    kind         VARCHAR(32)   NOT NULL,
    subject      VARCHAR(300)  NOT NULL,
    body         TEXT          NOT NULL,
    link         VARCHAR(500),
    dedupe_key   VARCHAR(191)  NOT NULL,
    created_at   DATETIME(3)   NOT NULL,
    read_at      DATETIME(3),
    CONSTRAINT uq_notification_dedupe UNIQUE (dedupe_key)
);
CREATE INDEX ix_notification_official ON notification (official_id, id);
