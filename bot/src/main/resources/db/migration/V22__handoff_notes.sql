-- Residents' questions an official proposed for the knowledge base (from a conversation page):
-- reviewed by whoever maintains the knowledge base.
CREATE TABLE kb_suggestion (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    unit_id          BIGINT        NOT NULL,
    conversation_id  BIGINT        NULL,
    question         VARCHAR(2000) NOT NULL,
    proposed_by      VARCHAR(64)   NOT NULL,
    created_at       DATETIME(3)   NOT NULL,
    CONSTRAINT fk_kb_suggestion_unit FOREIGN KEY (unit_id) REFERENCES unit (id)
);
CREATE INDEX ix_kb_suggestion_unit ON kb_suggestion (unit_id, created_at);
