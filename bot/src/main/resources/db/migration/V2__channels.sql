-- Durable inbox: every accepted platform event, once (unique per channel and platform id).
CREATE TABLE inbox_event (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    channel       VARCHAR(16)  NOT NULL,
    event_key     VARCHAR(191) NOT NULL,
    unit_id       BIGINT,
    sender_id     VARCHAR(128),
    event_type    VARCHAR(48)  NOT NULL,
    payload       TEXT         NOT NULL,
    platform_ts   BIGINT       NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    attempts      INT          NOT NULL DEFAULT 0,
    error         VARCHAR(500),
    received_at   DATETIME(3)  NOT NULL,
    processed_at  DATETIME(3),
    CONSTRAINT uq_inbox_event UNIQUE (channel, event_key)
);
CREATE INDEX ix_inbox_pending ON inbox_event (status, id);
CREATE INDEX ix_inbox_sender ON inbox_event (channel, sender_id, status, platform_ts);

-- Durable outbox: the single way a message leaves the service.
CREATE TABLE outbox (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    dedupe_key          VARCHAR(191) NOT NULL,
    unit_id             BIGINT       NOT NULL,
    channel             VARCHAR(16)  NOT NULL,
    recipient_id        VARCHAR(128) NOT NULL,
    conversation_id     BIGINT,
    kind                VARCHAR(16)  NOT NULL,
    body                TEXT         NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    attempts            INT          NOT NULL DEFAULT 0,
    next_attempt_at     DATETIME(3)  NOT NULL,
    platform_message_id VARCHAR(191),
    failure_reason      VARCHAR(500),
    created_at          DATETIME(3)  NOT NULL,
    sent_at             DATETIME(3),
    CONSTRAINT uq_outbox_dedupe UNIQUE (dedupe_key)
);
CREATE INDEX ix_outbox_due ON outbox (status, next_attempt_at);

-- What a web-chat resident fetches later (GET /api/v1/chat/{id}/messages?after=seq).
CREATE TABLE web_mailbox (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    unit_id          BIGINT       NOT NULL,
    conversation_key VARCHAR(64)  NOT NULL,
    seq              INT          NOT NULL,
    body             TEXT         NOT NULL,
    quick_replies    TEXT,
    created_at       DATETIME(3)  NOT NULL,
    CONSTRAINT uq_web_mailbox UNIQUE (unit_id, conversation_key, seq)
);

-- Followers per unit and channel: the audience for greetings; opt-out is kept here.
CREATE TABLE follower (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    unit_id             BIGINT       NOT NULL,
    channel             VARCHAR(16)  NOT NULL,
    user_id             VARCHAR(128) NOT NULL,
    display_name        VARCHAR(200),
    following           BOOLEAN      NOT NULL,
    opted_out           BOOLEAN      NOT NULL DEFAULT FALSE,
    last_interaction_at DATETIME(3),
    updated_at          DATETIME(3)  NOT NULL,
    CONSTRAINT uq_follower UNIQUE (unit_id, channel, user_id)
);

-- Platform tokens that rotate (Zalo): the refresh token is single-use, so it lives here.
CREATE TABLE channel_token (
    unit_id          BIGINT       NOT NULL,
    channel          VARCHAR(16)  NOT NULL,
    access_token     VARCHAR(1000),
    refresh_token    VARCHAR(1000),
    expires_at       DATETIME(3),
    refresh_failed   BOOLEAN      NOT NULL DEFAULT FALSE,
    failure_reason   VARCHAR(500),
    updated_at       DATETIME(3)  NOT NULL,
    PRIMARY KEY (unit_id, channel)
);

-- Quick-reply payloads last offered, so a resident can answer "2" on channels without buttons.
ALTER TABLE conversation ADD COLUMN offered_choices TEXT;

-- One row that serialises outbox and inbox claims across instances (short transactions only).
CREATE TABLE claim_mutex (
    name VARCHAR(32) NOT NULL PRIMARY KEY
);
INSERT INTO claim_mutex (name) VALUES ('outbox');
CREATE INDEX ix_outbox_recipient ON outbox (channel, recipient_id, status, id);
