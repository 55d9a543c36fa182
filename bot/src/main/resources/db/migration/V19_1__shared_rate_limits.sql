-- Platform rate limits shared by every instance (Zalo's 4,000 requests/min is per app, Messenger's
-- per page): one row per limit, counting the permits granted in the current second (SharedRateLimits).
-- Runs unchanged on H2 (MODE=MySQL), MySQL 8 and MariaDB 10.6+.
CREATE TABLE rate_window (
    name          VARCHAR(64) NOT NULL PRIMARY KEY,
    window_second BIGINT      NOT NULL,
    used          INT         NOT NULL
);
