-- Where each resident's consent to greetings and letters came from (issue #13). follower.opted_out
-- stays the current state that every send checks; this table is its history, newest row last.
CREATE TABLE consent_event (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    unit_id    BIGINT       NOT NULL,
    channel    VARCHAR(16)  NOT NULL,
    user_id    VARCHAR(128) NOT NULL,
    opted_out  BOOLEAN      NOT NULL,
    source     VARCHAR(32)  NOT NULL,
    created_at TIMESTAMP(3) NOT NULL,
    KEY ix_consent_event_resident (unit_id, channel, user_id, id),
    CONSTRAINT fk_consent_event_unit FOREIGN KEY (unit_id) REFERENCES unit (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
