-- Runs unchanged on H2 (MODE=MySQL), MySQL 8 and MariaDB 10.6+.

CREATE TABLE unit (
    id                 BIGINT AUTO_INCREMENT PRIMARY KEY,
    code               VARCHAR(64)  NOT NULL,
    name               VARCHAR(200) NOT NULL,
    sample             BOOLEAN      NOT NULL DEFAULT FALSE,
    province           VARCHAR(200),
    chairman_name      VARCHAR(200),
    chairman_title     VARCHAR(200),
    address            VARCHAR(500),
    office_hours       VARCHAR(500),
    saturday_service   VARCHAR(500),
    reception_schedule VARCHAR(1000),
    work_schedule      VARCHAR(2000),
    fast_track_day     VARCHAR(500),
    facilities         VARCHAR(1000),
    payment_methods    VARCHAR(1000),
    hotline            VARCHAR(64),
    phones_json        TEXT,
    areas_json         TEXT,
    messenger_page_id  VARCHAR(64),
    zalo_oa_id         VARCHAR(64),
    created_at         DATETIME(3)  NOT NULL,
    updated_at         DATETIME(3)  NOT NULL,
    CONSTRAINT uq_unit_code UNIQUE (code),
    CONSTRAINT uq_unit_page UNIQUE (messenger_page_id),
    CONSTRAINT uq_unit_oa UNIQUE (zalo_oa_id)
);

-- One resident's conversation on one channel with one unit.
CREATE TABLE conversation (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    unit_id          BIGINT       NOT NULL,
    channel          VARCHAR(16)  NOT NULL,
    channel_user_id  VARCHAR(128) NOT NULL,
    status           VARCHAR(32)  NOT NULL,
    topic_id         VARCHAR(64),
    flow             VARCHAR(32),
    flow_state       TEXT,
    unsure_count     INT          NOT NULL DEFAULT 0,
    opted_out        BOOLEAN      NOT NULL DEFAULT FALSE,
    display_name     VARCHAR(200),
    last_inbound_at  DATETIME(3),
    last_message_at  DATETIME(3)  NOT NULL,
    created_at       DATETIME(3)  NOT NULL,
    CONSTRAINT uq_conversation_user UNIQUE (unit_id, channel, channel_user_id),
    CONSTRAINT fk_conversation_unit FOREIGN KEY (unit_id) REFERENCES unit (id)
);
CREATE INDEX ix_conversation_status ON conversation (unit_id, status, last_message_at);

-- Every message in and out, kept for follow-ups, the officials' view and audits.
CREATE TABLE message (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    conversation_id  BIGINT       NOT NULL,
    direction        VARCHAR(8)   NOT NULL,
    body             TEXT         NOT NULL,
    quick_replies    TEXT,
    match_kind       VARCHAR(16),
    match_id         VARCHAR(64),
    confidence       DOUBLE,
    created_at       DATETIME(3)  NOT NULL,
    CONSTRAINT fk_message_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id)
);
CREATE INDEX ix_message_conversation ON message (conversation_id, id);

-- Officials, leaders and administrators who sign in to the console or the API.
CREATE TABLE official (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    unit_id          BIGINT,
    username         VARCHAR(64)  NOT NULL,
    password_hash    VARCHAR(255) NOT NULL,
    full_name        VARCHAR(200) NOT NULL,
    title            VARCHAR(200),
    role             VARCHAR(16)  NOT NULL,
    fields           VARCHAR(1000),
    on_duty          BOOLEAN      NOT NULL DEFAULT FALSE,
    zalo_user_id     VARCHAR(64),
    messenger_psid   VARCHAR(64),
    active           BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at       DATETIME(3)  NOT NULL,
    CONSTRAINT uq_official_username UNIQUE (username),
    CONSTRAINT fk_official_unit FOREIGN KEY (unit_id) REFERENCES unit (id)
);
