-- What residents send is kept whole: TEXT holds 64 KB, and the inbox's INSERT IGNORE silently cut a
-- longer payload (a 200 KB message was acknowledged, then never answered). MEDIUMTEXT holds 16 MB,
-- more than any webhook body the server accepts (micronaut.server.max-request-size).
-- The inbox also keeps items that could not be read (status REJECTED, raw JSON in payload).
ALTER TABLE inbox_event MODIFY payload MEDIUMTEXT NOT NULL;
ALTER TABLE message MODIFY body MEDIUMTEXT NOT NULL;
