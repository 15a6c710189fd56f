-- Submit tokens: only a SHA-256 of each token is kept; the token itself is shown once, when made.
CREATE TABLE submit_tokens (
    name       TEXT NOT NULL PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
