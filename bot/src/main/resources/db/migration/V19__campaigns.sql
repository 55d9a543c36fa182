-- Greeting campaigns (package broadcast) and the outbox changes for bulk delivery.
-- Runs unchanged on H2 (MODE=MySQL), MySQL 8 and MariaDB 10.6+.
CREATE TABLE campaign (
    id                 BIGINT AUTO_INCREMENT PRIMARY KEY,
    unit_id            BIGINT       NOT NULL,
    template           VARCHAR(100) NOT NULL,
    title              VARCHAR(200) NOT NULL,
    channels           VARCHAR(64)  NOT NULL,
    variables_json     TEXT,
    -- The rendered text and the audience rule as approved: frozen (any change sends it back to DRAFT).
    body               TEXT,
    audience           VARCHAR(200) NOT NULL,
    scheduled_at       DATETIME(3)  NOT NULL,
    status             VARCHAR(24)  NOT NULL,
    author_id          BIGINT       NOT NULL,
    approver_id        BIGINT,
    approved_at        DATETIME(3),
    -- Resumable expansion into outbox rows: the channel being expanded and the last source id done.
    expand_channel     VARCHAR(16),
    expand_after_id    BIGINT       NOT NULL DEFAULT 0,
    expanded           BOOLEAN      NOT NULL DEFAULT FALSE,
    -- The Zalo Article broadcast: NONE, PENDING, SENDING (in flight or in doubt), SENT, SKIPPED, FAILED.
    zalo_broadcast     VARCHAR(16)  NOT NULL DEFAULT 'NONE',
    zalo_broadcast_at  DATETIME(3),
    zalo_article_id    VARCHAR(191),
    zalo_message_id    VARCHAR(191),
    zalo_reason        VARCHAR(500),
    created_at         DATETIME(3)  NOT NULL,
    updated_at         DATETIME(3)  NOT NULL,
    CONSTRAINT fk_campaign_unit FOREIGN KEY (unit_id) REFERENCES unit (id),
    CONSTRAINT fk_campaign_author FOREIGN KEY (author_id) REFERENCES official (id),
    CONSTRAINT fk_campaign_approver FOREIGN KEY (approver_id) REFERENCES official (id),
    -- Two-person rule held by the database, whatever code writes the row.
    CONSTRAINT ck_campaign_approver_not_author CHECK (approver_id IS NULL OR approver_id <> author_id),
    CONSTRAINT ck_campaign_approved CHECK (status NOT IN ('SCHEDULED', 'RUNNING', 'DONE') OR approver_id IS NOT NULL)
);
CREATE INDEX ix_campaign_status ON campaign (status, scheduled_at);

-- Campaign rows carry their campaign (the report groups by it) and go after replies and
-- officials' messages: the claim takes lower priority first.
ALTER TABLE outbox ADD COLUMN campaign_id BIGINT;
ALTER TABLE outbox ADD COLUMN priority INT NOT NULL DEFAULT 0;
CREATE INDEX ix_outbox_campaign ON outbox (campaign_id, channel, status);
CREATE INDEX ix_outbox_pending_priority ON outbox (status, priority, id);
-- The claim now reads ix_outbox_pending_priority (OutboxStore.DUE).
ALTER TABLE outbox DROP INDEX ix_outbox_pending_id;
