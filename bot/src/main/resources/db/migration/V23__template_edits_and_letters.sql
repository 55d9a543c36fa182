-- Templates edited by officials (issue #13): every saved version, newest id last. The newest row of a
-- (unit, name) pair is the template in use, over templates/ (the database is the source of truth once
-- a template is edited). unit_id NULL: the deployment-wide text, edited by an administrator of every
-- unit; a unit's own row wins for that unit. Append-only, so the history is kept.
CREATE TABLE template_revision (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    unit_id     BIGINT,
    name        VARCHAR(190) NOT NULL,
    source      TEXT         NOT NULL,
    author      VARCHAR(200) NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    KEY ix_template_revision_name (name, unit_id, id),
    CONSTRAINT fk_template_revision_unit FOREIGN KEY (unit_id) REFERENCES unit (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Letters an official (or the service, for an overdue case's apology) sent to a resident, through the
-- outbox row(s) of outbox_key; the delivery outcome is read from there.
CREATE TABLE letter (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    unit_id          BIGINT       NOT NULL,
    template         VARCHAR(190) NOT NULL,
    ticket_id        BIGINT,
    conversation_id  BIGINT,
    channel          VARCHAR(16)  NOT NULL,
    recipient_id     VARCHAR(128) NOT NULL,
    body             TEXT         NOT NULL,
    author           VARCHAR(200) NOT NULL,
    outbox_key       VARCHAR(191) NOT NULL,
    created_at       DATETIME(3)  NOT NULL,
    CONSTRAINT uq_letter_outbox_key UNIQUE (outbox_key),
    KEY ix_letter_ticket (ticket_id, id),
    KEY ix_letter_conversation (conversation_id, id),
    CONSTRAINT fk_letter_unit FOREIGN KEY (unit_id) REFERENCES unit (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
