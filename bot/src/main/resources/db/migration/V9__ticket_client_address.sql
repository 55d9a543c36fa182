-- The client address a web-chat case was filed from (the resolved address, see HttpClientAddressResolver),
-- so that new cases per address and per unit per day can be limited. NULL for Zalo and Messenger
-- (their requests come from the platform). Not shown anywhere.
ALTER TABLE ticket ADD COLUMN client_address VARCHAR(64);
CREATE INDEX ix_ticket_client_address ON ticket (client_address, created_at);
CREATE INDEX ix_ticket_unit_created ON ticket (unit_id, created_at);
