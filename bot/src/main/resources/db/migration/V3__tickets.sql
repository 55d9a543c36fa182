-- Complaints and feedback (phản ánh, kiến nghị; khiếu nại and tố cáo are recorded and routed too).
-- Runs unchanged on H2 (MODE=MySQL), MySQL 8 and MariaDB 10.6+.

CREATE TABLE ticket (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    unit_id          BIGINT        NOT NULL,
    code             VARCHAR(32)   NOT NULL,
    kind             VARCHAR(16)   NOT NULL,
    category         VARCHAR(64)   NOT NULL,
    area             VARCHAR(300),
    description      TEXT          NOT NULL,
    latitude         DOUBLE,
    longitude        DOUBLE,
    photo_url        VARCHAR(1000),
    phone            VARCHAR(32),
    conversation_id  BIGINT        NOT NULL,
    channel          VARCHAR(16)   NOT NULL,
    channel_user_id  VARCHAR(128)  NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    assignee_id      BIGINT,
    department       VARCHAR(200),
    due_at           DATETIME(3)   NOT NULL,
    remind_at        DATETIME(3),
    reminded_at      DATETIME(3),
    escalated_at     DATETIME(3),
    escalated2_at    DATETIME(3),
    apologized_at    DATETIME(3),
    reason           VARCHAR(1000),
    forwarded_to     VARCHAR(300),
    answer           TEXT,
    answered_at      DATETIME(3),
    rating           VARCHAR(16),
    rating_comment   VARCHAR(2000),
    rated_at         DATETIME(3),
    flagged          BOOLEAN       NOT NULL DEFAULT FALSE,
    created_at       DATETIME(3)   NOT NULL,
    updated_at       DATETIME(3)   NOT NULL,
    CONSTRAINT uq_ticket_code UNIQUE (unit_id, code),
    CONSTRAINT fk_ticket_unit FOREIGN KEY (unit_id) REFERENCES unit (id),
    CONSTRAINT fk_ticket_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id)
);
CREATE INDEX ix_ticket_open ON ticket (status, due_at);
CREATE INDEX ix_ticket_resident ON ticket (unit_id, channel, channel_user_id, created_at);
CREATE INDEX ix_ticket_assignee ON ticket (assignee_id, status);

-- Every change of a ticket: who (an official, the resident or the system) and when.
CREATE TABLE ticket_event (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    ticket_id    BIGINT        NOT NULL,
    type         VARCHAR(24)   NOT NULL,
    from_status  VARCHAR(16),
    to_status    VARCHAR(16),
    actor        VARCHAR(200)  NOT NULL,
    note         TEXT,
    created_at   DATETIME(3)   NOT NULL,
    CONSTRAINT fk_ticket_event_ticket FOREIGN KEY (ticket_id) REFERENCES ticket (id)
);
CREATE INDEX ix_ticket_event_ticket ON ticket_event (ticket_id, id);

-- The last code number handed out per unit and year (PA-<year>-<6 digits>).
CREATE TABLE ticket_counter (
    unit_id     BIGINT  NOT NULL,
    code_year   INT     NOT NULL,
    last_value  BIGINT  NOT NULL,
    PRIMARY KEY (unit_id, code_year)
);

-- Routing: category × area → official and/or department; null matches anything (the unit default).
CREATE TABLE ticket_routing_rule (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    unit_id      BIGINT        NOT NULL,
    category     VARCHAR(64),
    area         VARCHAR(300),
    official_id  BIGINT,
    department   VARCHAR(200)  NOT NULL,
    CONSTRAINT fk_routing_unit FOREIGN KEY (unit_id) REFERENCES unit (id),
    CONSTRAINT fk_routing_official FOREIGN KEY (official_id) REFERENCES official (id)
);
CREATE INDEX ix_routing_unit ON ticket_routing_rule (unit_id);

-- A database lease: scheduled work runs on one instance at a time; a crashed holder's lease expires.
CREATE TABLE job_lease (
    name          VARCHAR(64)   NOT NULL PRIMARY KEY,
    owner         VARCHAR(128)  NOT NULL,
    locked_until  DATETIME(3)   NOT NULL
);
