-- Peerway's store: what people and programs send, kept apart from the index so a
-- rebuild never loses it. One file for SQLite and PostgreSQL: only TEXT and BIGINT
-- columns (times are milliseconds since 1970, flags 0 or 1), ids made by the server.

CREATE TABLE problem_reports (
    id TEXT PRIMARY KEY,
    received_at BIGINT NOT NULL,
    program_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    note TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open',
    decided_by TEXT,
    decided_at BIGINT
);
CREATE INDEX problem_reports_by_program ON problem_reports (program_id);

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    login TEXT NOT NULL UNIQUE,
    passphrase_hash TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE account_programs (
    account_id TEXT NOT NULL,
    program_id TEXT NOT NULL,
    PRIMARY KEY (account_id, program_id)
);

CREATE TABLE invites (
    token_hash TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    program_id TEXT,
    login TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE sign_in_failures (
    login_hash TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_at BIGINT NOT NULL
);

CREATE TABLE live_listings (
    program_id TEXT PRIMARY KEY,
    status TEXT,
    status_at BIGINT,
    confirmed_at BIGINT,
    confirmed_by TEXT,
    beds_free BIGINT,
    beds_total BIGINT,
    accepting BIGINT,
    waitlist BIGINT,
    availability_at BIGINT,
    availability_expires_at BIGINT,
    availability_by TEXT,
    updated_at BIGINT NOT NULL
);

CREATE TABLE corrections (
    id TEXT PRIMARY KEY,
    program_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open',
    decided_by TEXT,
    decided_at BIGINT
);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    program_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_by_program ON api_tokens (program_id);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    program_id TEXT,
    before_value TEXT,
    after_value TEXT
);
CREATE INDEX audit_log_by_time ON audit_log (at);
