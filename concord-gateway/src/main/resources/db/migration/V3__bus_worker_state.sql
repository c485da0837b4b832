-- Concord ledger, version 3 (additive): the state of bus workers (concord.bus=kafka), shared by every worker of
-- one consumer group so that a worker taking over a partition finds its accounts' state.
-- Portable SQL: runs on H2 (embedded default) and PostgreSQL.

-- Every record identity a worker applied, committed in the same transaction as the state change it made: a
-- re-delivered record finds its identity here and changes nothing.
CREATE TABLE bus_record (
    record_id        VARCHAR(300)  NOT NULL PRIMARY KEY,
    kind             VARCHAR(16)   NOT NULL,
    firm_lei         VARCHAR(64),
    account          VARCHAR(128),
    applied_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The latest state of each position key under the Part 17 overwrite rule; first_seq keeps the order in which
-- the key was first booked (the book's order).
CREATE TABLE bus_position (
    book_key         VARCHAR(2000) NOT NULL PRIMARY KEY,
    firm_lei         VARCHAR(64)   NOT NULL,
    account          VARCHAR(128)  NOT NULL,
    first_seq        BIGINT        NOT NULL,
    record_id        VARCHAR(300)  NOT NULL,
    position_json    VARCHAR       NOT NULL
);

CREATE TABLE bus_collateral (
    record_id        VARCHAR(300)  NOT NULL PRIMARY KEY,
    firm_lei         VARCHAR(64),
    account          VARCHAR(128),
    seq              BIGINT        NOT NULL,
    line_json        VARCHAR       NOT NULL
);

CREATE TABLE bus_sensitivity (
    record_id        VARCHAR(300)  NOT NULL PRIMARY KEY,
    firm_lei         VARCHAR(64),
    account          VARCHAR(128),
    seq              BIGINT        NOT NULL,
    sensitivity_json VARCHAR       NOT NULL
);

CREATE INDEX bus_position_by_account ON bus_position (firm_lei, account);
