-- The score of each accepted on-site evaluation, kept so that a credit rating reads one
-- number per project instead of re-scoring every visit's sheets on every read. It is derived
-- data, never an input: written in the same transaction that accepts the evaluation and
-- rewritten in the one that upholds an objection to one of its findings (an upheld finding
-- never counts), and recomputed from the sheets for any accepted evaluation that lacks it.
CREATE TABLE evaluation_scores (
    evaluation_id TEXT PRIMARY KEY REFERENCES evaluations (id),
    total         TEXT NOT NULL,
    computed_at   TEXT NOT NULL
);
-- A rating reads the accepted evaluations of a day by project, latest visit first.
CREATE INDEX evaluations_accepted ON evaluations (status, project_id, company_id, visit_on);
