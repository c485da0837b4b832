-- Concord ledger, version 1: submissions and the latest state of each position key.
-- Portable SQL: runs on H2 (embedded default) and PostgreSQL.

CREATE TABLE submission (
    id               VARCHAR(100)  NOT NULL PRIMARY KEY,
    sha256           CHAR(64)      NOT NULL,
    feed             VARCHAR(64)   NOT NULL,
    file_name        VARCHAR(512)  NOT NULL,
    principal        VARCHAR(128)  NOT NULL,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    received         BIGINT        NOT NULL,
    accepted         BIGINT        NOT NULL,
    rejected         BIGINT        NOT NULL,
    mappings_version VARCHAR(64)   NOT NULL,
    CONSTRAINT submission_sha256_unique UNIQUE (sha256),
    CONSTRAINT submission_counts_reconcile CHECK (received = accepted + rejected)
);

CREATE TABLE position_state (
    book_key         VARCHAR(2000) NOT NULL PRIMARY KEY,
    firm_lei         CHAR(20)      NOT NULL,
    account          VARCHAR(128)  NOT NULL,
    as_of            DATE          NOT NULL,
    submission_id    VARCHAR(100)  NOT NULL REFERENCES submission (id),
    record_no        BIGINT        NOT NULL,
    position_json    VARCHAR       NOT NULL
);

CREATE INDEX position_state_by_account ON position_state (firm_lei, account);
