-- The audit log: every change an official makes and every message an official sends (who, when,
-- what, before/after as short JSON). Append-only. Runs unchanged on H2 (MODE=MySQL), MySQL 8, MariaDB 10.6+.
CREATE TABLE audit_log (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    created_at   DATETIME(3)   NOT NULL,
    actor        VARCHAR(200)  NOT NULL,
    unit_id      BIGINT,
    action       VARCHAR(64)   NOT NULL,
    target       VARCHAR(300)  NOT NULL,
    before_json  TEXT,
    after_json   TEXT
);
CREATE INDEX ix_audit_unit_time ON audit_log (unit_id, created_at);
CREATE INDEX ix_audit_time ON audit_log (created_at);
