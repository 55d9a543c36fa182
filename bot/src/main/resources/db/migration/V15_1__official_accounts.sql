-- Accounts: where an official's notifications go by e-mail, their team, and whether they must
-- change a password an administrator set before doing anything else.
ALTER TABLE official ADD COLUMN email VARCHAR(254);
ALTER TABLE official ADD COLUMN team VARCHAR(100);
ALTER TABLE official ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
