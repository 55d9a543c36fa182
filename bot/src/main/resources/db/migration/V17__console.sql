-- Officials' console sessions (console/ConsoleSessions), shared by every instance behind a load
-- balancer. Only the SHA-256 (hex) of the cookie value is stored: a copy of this table signs nobody
-- in. csrf_token is the session's CSRF token (micronaut-security-csrf reads it through
-- console/ConsoleCsrfTokens). A new row at every sign-in: no session id survives a sign-in.
CREATE TABLE console_session (
    token_hash    CHAR(64)     NOT NULL PRIMARY KEY,
    official_id   BIGINT       NOT NULL,
    csrf_token    VARCHAR(200) NOT NULL,
    created_at    DATETIME(3)  NOT NULL,
    last_seen_at  DATETIME(3)  NOT NULL
);
CREATE INDEX ix_console_session_official ON console_session (official_id);
CREATE INDEX ix_console_session_seen ON console_session (last_seen_at);
