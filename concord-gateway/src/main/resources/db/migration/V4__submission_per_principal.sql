-- Concord ledger, version 4: content is deduplicated per submitting principal, and a principal may resubmit the
-- same content on purpose; the ledger keeps every revision in its history.
-- Portable SQL: runs on H2 (embedded default) and PostgreSQL.
--
-- revision: 1 for the first submission of a principal's content, n + 1 for an explicit resubmission of it.
-- supersedes: the submission an explicit resubmission replaces (null for a first submission).
-- One row per principal + content + revision: two principals sending the same bytes are two submissions, and a
-- second, unrequested commit of one principal's content is refused by the database.

ALTER TABLE submission DROP CONSTRAINT submission_sha256_unique;
ALTER TABLE submission ADD COLUMN revision INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE submission ADD COLUMN supersedes VARCHAR(100);
ALTER TABLE submission ADD CONSTRAINT submission_supersedes_fk FOREIGN KEY (supersedes) REFERENCES submission (id);
ALTER TABLE submission ADD CONSTRAINT submission_principal_content_unique UNIQUE (principal, sha256, revision);

-- the commit counts the rows a submission wrote to the state before it commits
CREATE INDEX position_state_by_submission ON position_state (submission_id);
