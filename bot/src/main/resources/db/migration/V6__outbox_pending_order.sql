-- The claim takes pending rows in id order; with this index it reads only those, in that order,
-- and stops at the batch size (OutboxStore.due names it in a USE INDEX hint).
CREATE INDEX ix_outbox_pending_id ON outbox (status, id);
