-- Photos residents sent with a complaint, kept by the service (console/ConsolePhotos): the
-- platforms' links expire (Zalo's and Messenger's CDN URLs stop working after a while), the case
-- must still show its evidence months later. One photo per case (the flow asks for one).
-- attempts: downloads tried; after a few failures the case shows the original link only.
CREATE TABLE ticket_photo (
    ticket_id     BIGINT        NOT NULL PRIMARY KEY,
    content_type  VARCHAR(100),
    bytes         MEDIUMBLOB,
    attempts      INT           NOT NULL,
    failure       VARCHAR(200),
    fetched_at    DATETIME(3)   NOT NULL,
    CONSTRAINT fk_ticket_photo_ticket FOREIGN KEY (ticket_id) REFERENCES ticket (id)
);
