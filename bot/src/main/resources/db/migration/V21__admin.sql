-- Running a commune from the console (issue 14). Runs unchanged on H2 (MODE=MySQL), MySQL 8, MariaDB 10.6+.

-- The database is the source of truth for a unit after its first start: configuration creates it and
-- fills what is still empty until an administrator edits it (edited_at), then never touches it again.
-- active = FALSE switches a unit off (the sample unit once a real one runs): its chat and webhooks stop.
ALTER TABLE unit ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE unit ADD COLUMN web_chat_origins_json TEXT;
ALTER TABLE unit ADD COLUMN edited_at DATETIME(3);
-- Set when routing rules were edited in the console: configuration's rules are then never seeded again,
-- not even when every rule was deleted.
ALTER TABLE unit ADD COLUMN routing_edited_at DATETIME(3);

-- Channel secrets set in the console (write-only: never returned, never logged). Configuration's
-- value applies while a unit has none here. Zalo's rotating tokens stay in channel_token.
CREATE TABLE unit_secret (
    unit_id      BIGINT        NOT NULL,
    name         VARCHAR(64)   NOT NULL,
    secret_value VARCHAR(2000) NOT NULL,
    updated_at   DATETIME(3)   NOT NULL,
    PRIMARY KEY (unit_id, name),
    CONSTRAINT fk_unit_secret_unit FOREIGN KEY (unit_id) REFERENCES unit (id)
);

-- Saved reply snippets officials insert into their answers.
CREATE TABLE reply_snippet (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    unit_id     BIGINT        NOT NULL,
    title       VARCHAR(200)  NOT NULL,
    body        TEXT          NOT NULL,
    created_by  VARCHAR(64)   NOT NULL,
    created_at  DATETIME(3)   NOT NULL,
    updated_at  DATETIME(3)   NOT NULL,
    CONSTRAINT fk_snippet_unit FOREIGN KEY (unit_id) REFERENCES unit (id)
);
CREATE INDEX ix_snippet_unit ON reply_snippet (unit_id, title);

-- The government's yearly schedule entered in the console (merged with calendar/schedule.yml at load):
-- kind OFF (a day off) or WORK (a Saturday or Sunday worked in exchange), with the announcing document.
CREATE TABLE holiday_schedule_day (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    schedule_year INT           NOT NULL,
    on_date       DATE          NOT NULL,
    kind          VARCHAR(8)    NOT NULL,
    name          VARCHAR(200)  NOT NULL,
    document      VARCHAR(200)  NOT NULL,
    created_by    VARCHAR(64)   NOT NULL,
    created_at    DATETIME(3)   NOT NULL,
    CONSTRAINT uq_holiday_day UNIQUE (on_date)
);

-- Per-unit complaint policy edited in the console; NULL falls back to configuration (tickets.*).
CREATE TABLE unit_ticket_policy (
    unit_id                      BIGINT      NOT NULL PRIMARY KEY,
    reminder_lead_working_days   INT,
    leader_after_working_days    INT,
    chairman_after_working_days  INT,
    updated_at                   DATETIME(3) NOT NULL,
    CONSTRAINT fk_ticket_policy_unit FOREIGN KEY (unit_id) REFERENCES unit (id)
);
CREATE TABLE unit_category_deadline (
    unit_id    BIGINT       NOT NULL,
    category   VARCHAR(64)  NOT NULL,
    deadline   VARCHAR(32)  NOT NULL,
    updated_at DATETIME(3)  NOT NULL,
    PRIMARY KEY (unit_id, category),
    CONSTRAINT fk_category_deadline_unit FOREIGN KEY (unit_id) REFERENCES unit (id)
);

-- On-duty roster: who is on duty on which day (routing prefers them for cases of their fields).
CREATE TABLE duty_roster (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    unit_id      BIGINT       NOT NULL,
    official_id  BIGINT       NOT NULL,
    on_date      DATE         NOT NULL,
    CONSTRAINT uq_duty_roster UNIQUE (unit_id, on_date, official_id),
    CONSTRAINT fk_duty_roster_unit FOREIGN KEY (unit_id) REFERENCES unit (id)
);

-- Retention purges by age: the indexes its batches walk.
CREATE INDEX ix_inbox_received ON inbox_event (received_at);
CREATE INDEX ix_outbox_sent ON outbox (sent_at);
CREATE INDEX ix_message_created ON message (created_at);
ALTER TABLE ticket_routing_rule ADD COLUMN team VARCHAR(100);
