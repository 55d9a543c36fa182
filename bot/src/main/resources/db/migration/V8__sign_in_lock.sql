-- Failed sign-ins per username, shared by every instance (security/SignIn). The key is the SHA-256
-- (hex) of the username exactly as typed: a fixed size, and no collation can make 'ÁDMIN' or
-- 'admin ' the same row as 'admin'. Unknown usernames get rows too, so that a lock-out does not tell
-- whether an account exists; old rows are deleted by SignIn's clean-up.
CREATE TABLE sign_in_lock (
    subject       CHAR(64)    NOT NULL PRIMARY KEY,
    failures      INT         NOT NULL,
    window_start  DATETIME(3) NOT NULL,
    locked_until  DATETIME(3),
    updated_at    DATETIME(3) NOT NULL
);
CREATE INDEX ix_sign_in_lock_updated ON sign_in_lock (updated_at);
