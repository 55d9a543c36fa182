-- When the outbox row was last claimed for sending; cleared when the outcome is recorded. A row
-- claimed again while this is still set had a send whose outcome is unknown (the instance died
-- between the platform's answer and the "sent" mark): it is checked with the platform first.
-- Runs unchanged on H2 (MODE=MySQL), MySQL 8 and MariaDB 10.6+.
ALTER TABLE outbox ADD COLUMN claimed_at DATETIME(3);
