-- Human handoff: a conversation waits for an official, then one official holds it.
-- status: BOT -> WAITING_FOR_OFFICIAL -> WITH_OFFICIAL -> BOT, each change a compare-and-set.
ALTER TABLE conversation ADD COLUMN assignee_id BIGINT NULL;
ALTER TABLE conversation ADD COLUMN waiting_since DATETIME(3) NULL;
-- Set once, when a conversation left waiting too long was escalated to a leader.
ALTER TABLE conversation ADD COLUMN escalated_at DATETIME(3) NULL;
CREATE INDEX ix_conversation_waiting ON conversation (status, waiting_since);
CREATE INDEX ix_conversation_assignee ON conversation (assignee_id, status);

-- Who wrote each message out (NULL: the bot; an official's username), whether it is an officials'
-- private note, and the outbox row that carries it (its delivery outcome is shown with it).
ALTER TABLE message ADD COLUMN author VARCHAR(64) NULL;
ALTER TABLE message ADD COLUMN outbox_key VARCHAR(191) NULL;
ALTER TABLE message ADD COLUMN private_note BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX ix_message_outbox_key ON message (outbox_key);
