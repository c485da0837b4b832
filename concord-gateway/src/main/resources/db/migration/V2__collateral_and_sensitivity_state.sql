-- Concord ledger, version 2: the latest collateral lines and CRIF sensitivities, beside position_state.
-- Portable SQL: runs on H2 (embedded default) and PostgreSQL.
--
-- collateral_state: a submission's collateral lines replace the stored lines with the same line_key (owner +
-- business date + account + segregation class + location + asset class + asset ids + purpose + direction)
-- from earlier submissions; lines of one submission that share a key are all kept (line_no orders them).
-- sensitivity_state: a submission's CRIF rows replace every stored row of the same portfolio_key (firm +
-- portfolio + segregation class: CRIF rows carry no business date), since SIMM nets a portfolio as a whole.

CREATE TABLE collateral_state (
    submission_id    VARCHAR(100)  NOT NULL REFERENCES submission (id),
    line_no          INTEGER       NOT NULL,
    line_key         VARCHAR(2000) NOT NULL,
    owner_lei        VARCHAR(20),
    account          VARCHAR(128),
    as_of            DATE,
    record_no        BIGINT        NOT NULL,
    line_json        VARCHAR       NOT NULL,
    PRIMARY KEY (submission_id, line_no)
);

CREATE INDEX collateral_state_by_key ON collateral_state (line_key);
CREATE INDEX collateral_state_by_owner ON collateral_state (owner_lei, account);

CREATE TABLE sensitivity_state (
    submission_id    VARCHAR(100)  NOT NULL REFERENCES submission (id),
    line_no          INTEGER       NOT NULL,
    portfolio_key    VARCHAR(1000) NOT NULL,
    firm_lei         VARCHAR(20),
    account          VARCHAR(128),
    record_no        BIGINT        NOT NULL,
    sensitivity_json VARCHAR       NOT NULL,
    PRIMARY KEY (submission_id, line_no)
);

CREATE INDEX sensitivity_state_by_portfolio ON sensitivity_state (portfolio_key);
CREATE INDEX sensitivity_state_by_firm ON sensitivity_state (firm_lei, account);
